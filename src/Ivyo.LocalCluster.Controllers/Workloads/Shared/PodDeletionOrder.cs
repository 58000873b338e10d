using System.Globalization;
using Ivyo.LocalCluster.Controllers.Common;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// Which pods a controller deletes first when it has too many, as pkg/controller's <c>ActivePodsWithRanks.Less</c>
/// (Kubernetes 1.32, LogarithmicScaleDown on): unscheduled before scheduled; Pending before Unknown before Running;
/// not ready before ready; lower <c>controller.kubernetes.io/pod-deletion-cost</c> first; pods doubled up on a node
/// with more related pods first; ready for less time first; more container restarts first; newer first. Times are
/// compared in log2 buckets of their age, so pods of similar age count as equal and the next rule decides.
/// </summary>
internal static class PodDeletionOrder
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The first <paramref name="count"/> pods of <paramref name="pods"/> to delete; <paramref name="related"/> ranks by node.</summary>
    public static IReadOnlyList<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> related, int count, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(related);
        if (count >= pods.Count)
        {
            return pods;
        }

        // getPodsRankedByRelatedPodsOnSameNode: the rank of a pod is how many active related pods share its node.
        var perNode = related.Where(PodStates.IsActive).Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranked = pods.Select(p => (Pod: p, Rank: string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : perNode.GetValueOrDefault(p.Spec.NodeName))).ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank, now));
        return [.. ranked.Take(count).Select(r => r.Pod)];
    }

    /// <summary>Negative when <paramref name="a"/> should go before <paramref name="b"/>.</summary>
    private static int Compare(V1Pod a, int rankA, V1Pod b, int rankB, DateTimeOffset now)
    {
        // 1. Unassigned < assigned.
        var assignedA = !string.IsNullOrEmpty(a.Spec?.NodeName);
        var assignedB = !string.IsNullOrEmpty(b.Spec?.NodeName);
        if (assignedA != assignedB)
        {
            return assignedA ? 1 : -1;
        }

        // 2. Pending < Unknown < Running.
        var phase = PhaseOrder(a).CompareTo(PhaseOrder(b));
        if (phase != 0)
        {
            return phase;
        }

        // 3. Not ready < ready.
        var readyA = PodStates.IsReady(a);
        var readyB = PodStates.IsReady(b);
        if (readyA != readyB)
        {
            return readyA ? 1 : -1;
        }

        // 4. Lower deletion cost first.
        var cost = DeletionCost(a).CompareTo(DeletionCost(b));
        if (cost != 0)
        {
            return cost;
        }

        // 5. Doubled up (higher rank) first.
        if (rankA != rankB)
        {
            return rankB.CompareTo(rankA);
        }

        // 6. Ready for less time first.
        if (readyA && readyB)
        {
            if (ReadySince(a) != ReadySince(b))
            {
                return CompareTimes(ReadySince(a), ReadySince(b), a, b, now);
            }
        }

        // 7. More restarts first.
        var restarts = MaxRestarts(b).CompareTo(MaxRestarts(a));
        if (restarts != 0)
        {
            return restarts;
        }

        // 8. Newer first.
        return a.Metadata.CreationTimestamp == b.Metadata.CreationTimestamp
            ? 0
            : CompareTimes(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp, a, b, now);
    }

    private static int PhaseOrder(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" or null or "" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations is { } annotations && annotations.TryGetValue(DeletionCostAnnotation, out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private static DateTime? ReadySince(V1Pod pod) => PodStates.ReadyCondition(pod)?.LastTransitionTime;

    private static int MaxRestarts(V1Pod pod) => (pod.Status?.ContainerStatuses ?? []).Select(s => s.RestartCount).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Two different times: an absent one first, else the younger log2 bucket of age first, and within one bucket the
    /// lower UID (<c>afterOrZero</c> and <c>logarithmicRankDiff</c>).
    /// </summary>
    private static int CompareTimes(DateTime? a, DateTime? b, V1Pod podA, V1Pod podB, DateTimeOffset now)
    {
        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var buckets = Bucket(a.Value, now).CompareTo(Bucket(b.Value, now));
        return buckets != 0 ? buckets : string.CompareOrdinal(podA.Metadata.Uid, podB.Metadata.Uid);
    }

    /// <summary>The integer log2 of the age in seconds (younger pods have smaller buckets and go first).</summary>
    private static int Bucket(DateTime time, DateTimeOffset now)
    {
        var age = (now - new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))).TotalSeconds;
        return age < 1 ? 0 : (int)Math.Floor(Math.Log2(age)) + 1;
    }
}
