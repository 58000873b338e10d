using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// The pod being scheduled and the snapshot it is scheduled against, with the snapshot's nodes as
/// <see cref="NodeInfo"/>s in snapshot order: what kube-scheduler's plugins see through their CycleState and
/// SharedLister.
/// </summary>
public sealed class SchedulingCycle
{
    private readonly Dictionary<string, NodeInfo> _byName;

    public SchedulingCycle(V1Pod pod, ClusterSnapshot snapshot)
    {
        Pod = pod;
        Snapshot = snapshot;
        var podsByNode = snapshot.Pods
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<V1Pod>)g.ToList(), StringComparer.Ordinal);
        Nodes = snapshot.Nodes
            .Select(n => new NodeInfo(n, podsByNode.GetValueOrDefault(n.Metadata?.Name ?? "") ?? []))
            .ToList();
        _byName = Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public V1Pod Pod { get; }

    public string Namespace => Pod.Metadata?.NamespaceProperty ?? "default";

    public IDictionary<string, string> PodLabels => Pod.Metadata?.Labels ?? new Dictionary<string, string>();

    public ClusterSnapshot Snapshot { get; }

    public IReadOnlyList<NodeInfo> Nodes { get; }

    public NodeInfo? Node(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A namespace's labels; empty when the namespace is unknown.</summary>
    public IDictionary<string, string> NamespaceLabels(string name) =>
        Snapshot.NamespaceLabels.GetValueOrDefault(name) ?? new Dictionary<string, string>();
}
