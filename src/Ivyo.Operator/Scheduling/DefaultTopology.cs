using Ivyo.Api.V1Beta1;
using k8s.Models;

namespace Ivyo.Operator.Scheduling;

/// <summary>
/// The topology spread constraints IVYO adds to instance, PgBouncer and repo-host pods unless
/// <c>spec.disableDefaultPodScheduling</c> is true: spread the cluster's pods over hosts and zones, as a preference
/// (<c>ScheduleAnyway</c>), so that a single-node cluster still schedules. The user's own constraints come first and
/// are never changed.
/// </summary>
public static class DefaultTopology
{
    public const string HostnameKey = "kubernetes.io/hostname";
    public const string ZoneKey = "topology.kubernetes.io/zone";

    /// <summary>The default constraints for pods that match <paramref name="selector"/>.</summary>
    public static IReadOnlyList<V1TopologySpreadConstraint> Constraints(V1LabelSelector selector) =>
    [
        new() { MaxSkew = 1, TopologyKey = HostnameKey, WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = selector },
        new() { MaxSkew = 1, TopologyKey = ZoneKey, WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = selector },
    ];

    /// <summary>
    /// The pod's constraints: the user's, exactly as given, then IVYO's defaults unless the cluster disables them.
    /// </summary>
    public static List<V1TopologySpreadConstraint>? Combine(
        IvoryCluster cluster, IList<V1TopologySpreadConstraint>? user, V1LabelSelector defaultSelector)
    {
        var combined = new List<V1TopologySpreadConstraint>(user ?? []);
        if (cluster.Spec.DisableDefaultPodScheduling != true)
        {
            combined.AddRange(Constraints(defaultSelector));
        }

        return combined.Count == 0 ? null : combined;
    }
}
