using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// The NoSchedule taints the node lifecycle controller's TaintNodesByCondition adds, applied to the scheduler's view
/// of a node since the local cluster may run no such controller: Ready=False gives <c>node.kubernetes.io/not-ready</c>,
/// Ready=Unknown <c>node.kubernetes.io/unreachable</c>, MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable=True
/// their <c>node.kubernetes.io/*</c> taints, and <c>spec.unschedulable</c> <c>node.kubernetes.io/unschedulable</c>. The
/// scheduler then handles them as kube-scheduler does, through TaintToleration and NodeUnschedulable. Taints already
/// on the node are kept and not repeated.
/// </summary>
public static class NodeConditionTaints
{
    private static readonly Dictionary<(string Type, string Status), string> _taintKeys = new()
    {
        [("Ready", "False")] = "node.kubernetes.io/not-ready",
        [("Ready", "Unknown")] = "node.kubernetes.io/unreachable",
        [("MemoryPressure", "True")] = "node.kubernetes.io/memory-pressure",
        [("DiskPressure", "True")] = "node.kubernetes.io/disk-pressure",
        [("PIDPressure", "True")] = "node.kubernetes.io/pid-pressure",
        [("NetworkUnavailable", "True")] = "node.kubernetes.io/network-unavailable",
    };

    public static V1Node Apply(V1Node node)
    {
        var keys = new List<string>();
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            if (_taintKeys.TryGetValue((condition.Type, condition.Status), out var key))
            {
                keys.Add(key);
            }
        }

        if (node.Spec?.Unschedulable == true)
        {
            keys.Add("node.kubernetes.io/unschedulable");
        }

        var existing = node.Spec?.Taints ?? [];
        var added = keys
            .Where(k => !existing.Any(t => t.Key == k && t.Effect == "NoSchedule"))
            .Select(k => new V1Taint { Key = k, Effect = "NoSchedule" })
            .ToList();
        if (added.Count == 0)
        {
            return node;
        }

        return new V1Node
        {
            ApiVersion = node.ApiVersion,
            Kind = node.Kind,
            Metadata = node.Metadata,
            Status = node.Status,
            Spec = new V1NodeSpec
            {
                ConfigSource = node.Spec?.ConfigSource,
                ExternalID = node.Spec?.ExternalID,
                PodCIDR = node.Spec?.PodCIDR,
                PodCIDRs = node.Spec?.PodCIDRs,
                ProviderID = node.Spec?.ProviderID,
                Unschedulable = node.Spec?.Unschedulable,
                Taints = [.. existing, .. added],
            },
        };
    }
}
