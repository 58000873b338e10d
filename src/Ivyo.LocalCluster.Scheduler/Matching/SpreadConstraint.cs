using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// A topology spread constraint as kube-scheduler uses it (<c>topologySpreadConstraint</c>): the label selector with
/// <c>matchLabelKeys</c> merged in from the pod's labels, minDomains (1 when unset), nodeAffinityPolicy (Honor when
/// unset) and nodeTaintsPolicy (Ignore when unset).
/// </summary>
public sealed record SpreadConstraint(int MaxSkew, string TopologyKey, LabelSelector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
{
    public const string HostnameKey = "kubernetes.io/hostname";

    public const string ZoneKey = "topology.kubernetes.io/zone";

    /// <summary>The pod's own constraints with the given whenUnsatisfiable action.</summary>
    public static IReadOnlyList<SpreadConstraint> FromPod(V1Pod pod, string action)
    {
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        return (pod.Spec?.TopologySpreadConstraints ?? [])
            .Where(c => c.WhenUnsatisfiable == action)
            .Select(c =>
            {
                var selector = LabelSelector.From(c.LabelSelector);
                var keys = (c.MatchLabelKeys ?? []).Where(labels.ContainsKey).Select(k => new LabelRequirement(k, "In", [labels[k]])).ToList();
                if (keys.Count > 0)
                {
                    selector = selector.With(keys);
                }

                return new SpreadConstraint(c.MaxSkew, c.TopologyKey, selector, c.MinDomains ?? 1, c.NodeAffinityPolicy != "Ignore", c.NodeTaintsPolicy == "Honor");
            })
            .ToList();
    }

    /// <summary>Whether the node counts for this constraint under its node inclusion policies.</summary>
    public bool Includes(V1Node node, RequiredNodeAffinity podAffinity, IList<V1Toleration>? tolerations) =>
        (!HonorNodeAffinity || podAffinity.Matches(node))
        && (!HonorNodeTaints || Tolerations.FirstUntolerated(node.Spec?.Taints ?? [], tolerations, Tolerations.DoNotSchedule) is null);

    /// <summary>Pods of <paramref name="pods"/> in the namespace, not being deleted, matching the selector.</summary>
    public int CountMatching(IEnumerable<V1Pod> pods, string @namespace) =>
        pods.Count(p => p.Metadata?.DeletionTimestamp is null
            && (p.Metadata?.NamespaceProperty ?? "default") == @namespace
            && Selector.Matches(p.Metadata?.Labels));
}
