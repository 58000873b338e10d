using Ivyo.LocalCluster.Controllers.Common;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

/// <summary>
/// A StatefulSet's status from its pods, as the controller's <c>computeReplicaStatus</c> and <c>completeRollingUpdate</c>:
/// replicas counts created pods, readyReplicas those Running and Ready, availableReplicas those ready for minReadySeconds,
/// current/updatedReplicas the non-terminating pods at the current/update revision; a RollingUpdate whose pods are all
/// updated and ready makes the update revision current.
/// </summary>
internal static class StatefulSetStatusCalculator
{
    public static V1StatefulSetStatus Compute(
        V1StatefulSet set, IReadOnlyList<V1Pod> pods, string currentRevision, string updateRevision, int collisionCount, DateTimeOffset now)
    {
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            CurrentRevision = currentRevision,
            UpdateRevision = updateRevision,
            CollisionCount = collisionCount,
            Replicas = 0,
            ReadyReplicas = 0,
            AvailableReplicas = 0,
            CurrentReplicas = 0,
            UpdatedReplicas = 0,
        };
        foreach (var pod in pods)
        {
            status.Replicas++;
            if (PodStates.IsRunningAndReady(pod))
            {
                status.ReadyReplicas++;
                if (PodStates.IsAvailable(pod, set.Spec.MinReadySeconds ?? 0, now))
                {
                    status.AvailableReplicas++;
                }
            }

            if (!PodStates.IsTerminating(pod))
            {
                var revision = StatefulSetIdentity.Revision(pod);
                if (revision == currentRevision)
                {
                    status.CurrentReplicas++;
                }

                if (revision == updateRevision)
                {
                    status.UpdatedReplicas++;
                }
            }
        }

        if (set.Spec.UpdateStrategy?.Type != "OnDelete" && status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = status.UpdateRevision;
        }

        return status;
    }

    /// <summary>Whether two statuses differ in any field the controller writes.</summary>
    public static bool Differs(V1StatefulSetStatus? a, V1StatefulSetStatus b) =>
        a is null
        || a.ObservedGeneration != b.ObservedGeneration
        || a.Replicas != b.Replicas
        || (a.ReadyReplicas ?? 0) != b.ReadyReplicas
        || (a.AvailableReplicas ?? 0) != b.AvailableReplicas
        || (a.CurrentReplicas ?? 0) != b.CurrentReplicas
        || (a.UpdatedReplicas ?? 0) != b.UpdatedReplicas
        || a.CurrentRevision != b.CurrentRevision
        || a.UpdateRevision != b.UpdateRevision
        || (a.CollisionCount ?? 0) != b.CollisionCount;
}
