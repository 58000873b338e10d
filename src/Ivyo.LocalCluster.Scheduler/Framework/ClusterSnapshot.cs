using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// Everything one scheduling cycle may look at, frozen: kube-scheduler's per-cycle snapshot of its cache. <see cref="Pods"/>
/// are the pods that occupy nodes (bound, or assumed by this scheduler) and have not finished; the workload objects are
/// only read by PodTopologySpread's system-default constraints, and namespace labels only by InterPodAffinity's
/// namespaceSelector.
/// </summary>
public sealed record ClusterSnapshot
{
    public IReadOnlyList<V1Node> Nodes { get; init; } = [];

    /// <summary>Pods with <c>spec.nodeName</c> set (bound or assumed); Succeeded and Failed pods are left out by the caller.</summary>
    public IReadOnlyList<V1Pod> Pods { get; init; } = [];

    /// <summary>Labels of each namespace, by name, for namespaceSelector in pod (anti-)affinity terms.</summary>
    public IReadOnlyDictionary<string, IDictionary<string, string>> NamespaceLabels { get; init; } =
        new Dictionary<string, IDictionary<string, string>>();

    public IReadOnlyList<V1Service> Services { get; init; } = [];

    public IReadOnlyList<V1ReplicaSet> ReplicaSets { get; init; } = [];

    public IReadOnlyList<V1StatefulSet> StatefulSets { get; init; } = [];

    public IReadOnlyList<V1ReplicationController> ReplicationControllers { get; init; } = [];
}
