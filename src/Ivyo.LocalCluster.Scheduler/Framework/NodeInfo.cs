using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A node with the pods on it and their summed requests, as kube-scheduler's <c>framework.NodeInfo</c>:
/// <see cref="Requested"/> counts real requests (NodeResourcesFit's filter), <see cref="NonZeroRequested"/> counts a
/// missing cpu/memory request as 100m/200Mi (LeastAllocated scoring).
/// </summary>
public sealed class NodeInfo
{
    public NodeInfo(V1Node node, IReadOnlyList<V1Pod> pods)
    {
        Node = node;
        Pods = pods;
        Taints = node.Spec?.Taints?.ToList() ?? [];
        Allocatable = ResourceAmounts.From(node.Status?.Allocatable);
        var requested = ResourceAmounts.Zero;
        long cpu = 0, memory = 0;
        foreach (var pod in pods)
        {
            requested = requested.Add(PodRequests.Of(pod));
            var nonZero = PodRequests.NonZeroOf(pod);
            cpu += nonZero.MilliCpu;
            memory += nonZero.Memory;
        }

        Requested = requested;
        NonZeroRequested = ResourceAmounts.Zero with { MilliCpu = cpu, Memory = memory };
    }

    public V1Node Node { get; }

    public string Name => Node.Metadata?.Name ?? "";

    public IDictionary<string, string> Labels => Node.Metadata?.Labels ?? new Dictionary<string, string>();

    public IReadOnlyList<V1Taint> Taints { get; }

    /// <summary>The value of a node label, or "" when the node lacks it (Go's map lookup).</summary>
    public string Label(string key) => Labels.TryGetValue(key, out var value) ? value : "";

    public IReadOnlyList<V1Pod> Pods { get; }

    public ResourceAmounts Allocatable { get; }

    public ResourceAmounts Requested { get; }

    public ResourceAmounts NonZeroRequested { get; }
}
