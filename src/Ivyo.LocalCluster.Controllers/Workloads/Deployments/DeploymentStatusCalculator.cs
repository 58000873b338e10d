using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// A Deployment's status from its ReplicaSets, as the deployment controller's <c>calculateStatus</c> and
/// <c>syncRolloutStatus</c>: the replica sums, <c>Available</c> (MinimumReplicasAvailable once at least
/// replicas - maxUnavailable are available), <c>Progressing</c> (NewReplicaSetAvailable when complete, ReplicaSetUpdated
/// while the rollout moves, ProgressDeadlineExceeded when it has not moved for progressDeadlineSeconds) and the
/// ReplicaSets' <c>ReplicaFailure</c>.
/// </summary>
internal static class DeploymentStatusCalculator
{
    /// <summary><c>calculateStatus</c>: counts and the Available condition.</summary>
    public static V1DeploymentStatus Calculate(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRS, V1Deployment d, DateTimeOffset now)
    {
        var available = RolloutMath.AvailableReplicas(all);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = RolloutMath.ActualReplicas(all),
            UpdatedReplicas = RolloutMath.ActualReplicas([newRS]),
            ReadyReplicas = RolloutMath.ReadyReplicas(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, RolloutMath.SpecReplicas(all) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(ObjectCopies.Copy).ToList(),
        };
        var condition = available >= (d.Spec.Replicas ?? 1) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
        DeploymentConditions.Set(status, condition);
        return status;
    }

    /// <summary><c>syncRolloutStatus</c>'s status: <see cref="Calculate"/> plus Progressing and ReplicaFailure.</summary>
    public static V1DeploymentStatus Rollout(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRS, V1Deployment d, DateTimeOffset now)
    {
        var status = Calculate(all, newRS, d, now);
        if (!DeploymentConditions.HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        if (DeploymentConditions.HasProgressDeadline(d) && !complete)
        {
            if (RolloutMath.IsComplete(d, status))
            {
                var message = newRS is null ? "Deployment has successfully progressed." : $"ReplicaSet \"{newRS.Metadata.Name}\" has successfully progressed.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, message, now));
            }
            else if (IsProgressing(d, status))
            {
                var message = newRS is null ? "Deployment is progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, message, now);
                if (current is { Status: "True" })
                {
                    condition.LastTransitionTime = current.LastTransitionTime;
                }

                // Progress refreshes lastUpdateTime even when the reason stays the same.
                DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                DeploymentConditions.Set(status, condition);
            }
            else if (IsTimedOut(d, status, now))
            {
                var message = newRS is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, message, now));
            }
        }

        var failure = all.Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure")).FirstOrDefault(c => c is not null);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, new V1DeploymentCondition
            {
                Type = DeploymentConditions.ReplicaFailure,
                Status = failure.Status,
                Reason = failure.Reason,
                Message = failure.Message,
                LastUpdateTime = now.UtcDateTime,
                LastTransitionTime = failure.LastTransitionTime ?? now.UtcDateTime,
            });
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        return status;
    }

    /// <summary>
    /// How long until the rollout times out, if it is progressing and has a deadline (<c>requeueStuckDeployment</c>).
    /// </summary>
    public static TimeSpan? UntilTimeout(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (!DeploymentConditions.HasProgressDeadline(d) || current is null || RolloutMath.IsComplete(d, status) || current.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return null;
        }

        var updated = new DateTimeOffset(DateTime.SpecifyKind(current.LastUpdateTime ?? now.UtcDateTime, DateTimeKind.Utc));
        var after = updated.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after;
    }

    /// <summary>Whether two statuses hold the same values (<c>reflect.DeepEqual</c>).</summary>
    public static bool Equal(V1DeploymentStatus? a, V1DeploymentStatus b) =>
        a is not null && KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);

    /// <summary><c>DeploymentProgressing</c>: more updated, fewer old, more ready or more available replicas than before.</summary>
    private static bool IsProgressing(V1Deployment d, V1DeploymentStatus status)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return (status.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newOld < oldOld
            || (status.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (status.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary><c>DeploymentTimedOut</c>: the Progressing condition was last updated more than the deadline ago.</summary>
    private static bool IsTimedOut(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (condition is null || condition.Reason == DeploymentConditions.NewReplicaSetAvailable)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return true;
        }

        var from = new DateTimeOffset(DateTime.SpecifyKind(condition.LastUpdateTime ?? now.UtcDateTime, DateTimeKind.Utc));
        return from.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now;
    }
}
