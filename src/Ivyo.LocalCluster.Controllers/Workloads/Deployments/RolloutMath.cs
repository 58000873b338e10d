using Ivyo.LocalCluster.Controllers.Common;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// The replica arithmetic of a rollout, as pkg/controller/deployment/util: maxSurge (rounded up) and maxUnavailable
/// (rounded down) resolved against <c>spec.replicas</c>, never both zero (<c>ResolveFenceposts</c>); how far the new
/// ReplicaSet may grow (<c>NewRSNewReplicas</c>); the sums over ReplicaSets; and <c>DeploymentComplete</c>.
/// </summary>
internal static class RolloutMath
{
    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type != "Recreate";

    /// <summary>(maxSurge, maxUnavailable) as numbers of pods.</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(V1Deployment d)
    {
        var desired = d.Spec.Replicas ?? 1;
        var rolling = d.Spec.Strategy?.RollingUpdate;
        var surge = ScaledValues.Get(rolling?.MaxSurge ?? (IntOrString)"25%", desired, roundUp: true);
        var unavailable = ScaledValues.Get(rolling?.MaxUnavailable ?? (IntOrString)"25%", desired, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            // Validation forbids both zero; a percentage rounding to zero must not block the rollout.
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    /// <summary>How many pods may be missing (<c>MaxUnavailable</c>): 0 for Recreate or no replicas, never more than the replicas.</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (!IsRollingUpdate(d) || replicas == 0)
        {
            return 0;
        }

        return Math.Min(ResolveFenceposts(d).Unavailable, replicas);
    }

    /// <summary>How many pods may exist above the replicas (<c>MaxSurge</c>): 0 for Recreate.</summary>
    public static int MaxSurge(V1Deployment d) => IsRollingUpdate(d) ? ResolveFenceposts(d).Surge : 0;

    /// <summary>The replicas the new ReplicaSet should have now (<c>NewRSNewReplicas</c>).</summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> all, V1ReplicaSet newRS)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (!IsRollingUpdate(d))
        {
            return replicas;
        }

        var current = newRS.Spec.Replicas ?? 0;
        var maxTotal = replicas + MaxSurge(d);
        var total = SpecReplicas(all);
        if (total >= maxTotal)
        {
            return current;
        }

        return current + Math.Min(maxTotal - total, Math.Max(0, replicas - current));
    }

    /// <summary>The sum of <c>spec.replicas</c> (<c>GetReplicaCountForReplicaSets</c>).</summary>
    public static int SpecReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Spec.Replicas ?? 0);

    /// <summary>The sum of <c>status.replicas</c> (<c>GetActualReplicaCountForReplicaSets</c>).</summary>
    public static int ActualReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.Replicas ?? 0);

    /// <summary>The sum of <c>status.readyReplicas</c>.</summary>
    public static int ReadyReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    /// <summary>The sum of <c>status.availableReplicas</c>.</summary>
    public static int AvailableReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>Every replica updated and available, and the newest generation observed (<c>DeploymentComplete</c>).</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus? status)
    {
        var replicas = d.Spec.Replicas ?? 1;
        return status is not null
            && (status.UpdatedReplicas ?? 0) == replicas
            && (status.Replicas ?? 0) == replicas
            && (status.AvailableReplicas ?? 0) == replicas
            && (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);
    }
}
