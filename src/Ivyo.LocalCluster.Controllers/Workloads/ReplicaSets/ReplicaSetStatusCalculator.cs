using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.ReplicaSets;

/// <summary>
/// A ReplicaSet's status from its active pods, as the controller's <c>calculateStatus</c>: replicas, pods with all the
/// template's labels, ready pods, pods ready for minReadySeconds, the observed generation, and the
/// <c>ReplicaFailure</c> condition (reason FailedCreate or FailedDelete) while managing the pods fails.
/// </summary>
internal static class ReplicaSetStatusCalculator
{
    public const string ReplicaFailure = "ReplicaFailure";

    public static V1ReplicaSetStatus Compute(V1ReplicaSet rs, IReadOnlyList<V1Pod> pods, Exception? manageError, int diff, DateTimeOffset now)
    {
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var status = new V1ReplicaSetStatus
        {
            Replicas = pods.Count,
            FullyLabeledReplicas = pods.Count(p => PodTemplates.HasAllLabels(rs.Spec.Template, p.Metadata.Labels)),
            ReadyReplicas = pods.Count(PodStates.IsReady),
            AvailableReplicas = pods.Count(p => PodStates.IsAvailable(p, minReady, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions?.ToList(),
        };
        var failure = status.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (manageError is not null && failure is null)
        {
            status.Conditions ??= [];
            status.Conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailure,
                Status = "True",
                Reason = diff < 0 ? "FailedCreate" : "FailedDelete",
                Message = manageError.Message,
                LastTransitionTime = now.UtcDateTime,
            });
        }
        else if (manageError is null && failure is not null)
        {
            status.Conditions!.Remove(failure);
        }

        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        return status;
    }

    /// <summary>Whether the status needs writing.</summary>
    public static bool Differs(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is null
        || a.Replicas != b.Replicas
        || (a.FullyLabeledReplicas ?? 0) != b.FullyLabeledReplicas
        || (a.ReadyReplicas ?? 0) != b.ReadyReplicas
        || (a.AvailableReplicas ?? 0) != b.AvailableReplicas
        || a.ObservedGeneration != b.ObservedGeneration
        || (a.Conditions?.Count ?? 0) != (b.Conditions?.Count ?? 0);
}
