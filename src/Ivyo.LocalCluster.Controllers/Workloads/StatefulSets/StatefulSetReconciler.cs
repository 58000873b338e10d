using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

/// <summary>
/// One sync of a StatefulSet, as pkg/controller/statefulset's <c>defaultStatefulSetControl.UpdateStatefulSet</c>:
/// revisions first, then the pods in ordinal order (failed pods deleted and recreated; missing pods created after their
/// claims; under OrderedReady each step waits for the previous pod to be Running and Ready, and scale-down removes the
/// highest ordinal first, one at a time), then a RollingUpdate replaces pods from the highest ordinal down to the
/// partition, one at a time, waiting for each to be healthy; OnDelete never replaces pods. Last the status and the
/// revision history. Deletes carry a UID precondition so a stale cache never deletes a replacement pod.
/// </summary>
internal sealed class StatefulSetReconciler(ControllerContext context) : IReconciler
{
    private readonly ILogger _logger = context.Logger<StatefulSetReconciler>();
    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var set = context.Informers.StatefulSets.Get(key);
        if (set is null || set.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var revisions = context.Informers.ControllerRevisions.ByIndex(IndexFunctions.ControllerUidIndex, set.Metadata.Uid)
            .OrderBy(r => r.Revision).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        var collisionCount = set.Status?.CollisionCount ?? 0;
        var update = await UpdateRevisionAsync(set, revisions, collisionCount, cancellationToken).ConfigureAwait(false);
        if (update is null)
        {
            return ReconcileResult.RequeueWithBackoff;
        }

        var current = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? update;
        var requeue = await UpdatePodsAsync(set, current, update, cancellationToken).ConfigureAwait(false);

        var pods = OwnedPods(set);
        var now = context.Time.GetUtcNow();
        var status = StatefulSetStatusCalculator.Compute(set, pods, current.Metadata.Name, update.Metadata.Name, collisionCount, now);
        if (StatefulSetStatusCalculator.Differs(set.Status, status))
        {
            await PatchStatusAsync(set, status, cancellationToken).ConfigureAwait(false);
        }

        await TruncateHistoryAsync(set, pods, revisions, current, update, cancellationToken).ConfigureAwait(false);

        // Pods that are ready but not yet available for minReadySeconds need a later look.
        var minReady = set.Spec.MinReadySeconds ?? 0;
        if (requeue is null && minReady > 0 && pods.Any(p => PodStates.IsRunningAndReady(p) && !PodStates.IsAvailable(p, minReady, now)))
        {
            requeue = TimeSpan.FromSeconds(1);
        }

        return requeue is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    private List<V1Pod> OwnedPods(V1StatefulSet set) =>
        [.. context.Informers.Pods.ByIndex(IndexFunctions.ControllerUidIndex, set.Metadata.Uid).Where(p => StatefulSetIdentity.Ordinal(set, p) >= 0)];

    /// <summary>Finds or creates the revision of the set's current template (<c>getStatefulSetRevisions</c>).</summary>
    private async Task<V1ControllerRevision?> UpdateRevisionAsync(
        V1StatefulSet set, List<V1ControllerRevision> revisions, int collisionCount, CancellationToken cancellationToken)
    {
        var next = (revisions.Count == 0 ? 0 : revisions.Max(r => r.Revision) ?? 0) + 1;
        var candidate = StatefulSetHistory.NewRevision(set, next, collisionCount);
        var equal = revisions.Where(r => StatefulSetHistory.EqualData(r, candidate)).ToList();
        if (equal.Count > 0)
        {
            var latest = equal[^1];
            if (ReferenceEquals(latest, revisions[^1]))
            {
                return latest;
            }

            // An older template came back: its revision becomes the newest (history.UpdateControllerRevision).
            latest.Revision = next;
            return await Client.AppsV1.ReplaceNamespacedControllerRevisionAsync(
                latest, latest.Metadata.Name, latest.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await Client.AppsV1.CreateNamespacedControllerRevisionAsync(candidate, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            var existing = await Client.AppsV1.ReadNamespacedControllerRevisionAsync(
                candidate.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (StatefulSetHistory.EqualData(existing, candidate) && OwnerReferences.Controller(existing.Metadata)?.Uid == set.Metadata.Uid)
            {
                return existing;
            }

            // A hash collision: bump collisionCount so the next attempt hashes differently.
            var count = collisionCount + 1;
            StatefulSetLog.Collision(_logger, set.Metadata.Name, candidate.Metadata.Name, count);
            await Client.AppsV1.PatchNamespacedStatefulSetStatusAsync(
                new V1Patch(KubernetesJson.Serialize(new { status = new { collisionCount = count } }), V1Patch.PatchType.MergePatch),
                set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Creates, deletes and replaces pods; returns a requeue delay if one is needed.</summary>
    private async Task<TimeSpan?> UpdatePodsAsync(V1StatefulSet set, V1ControllerRevision current, V1ControllerRevision update, CancellationToken cancellationToken)
    {
        var monotonic = set.Spec.PodManagementPolicy != "Parallel";
        var replicaCount = set.Spec.Replicas ?? 1;
        var start = StatefulSetIdentity.StartOrdinal(set);
        var replicas = new V1Pod?[replicaCount];
        var condemned = new List<V1Pod>();
        foreach (var pod in OwnedPods(set))
        {
            var ordinal = StatefulSetIdentity.Ordinal(set, pod);
            if (ordinal >= start && ordinal < start + replicaCount)
            {
                replicas[ordinal - start] = pod;
            }
            else
            {
                condemned.Add(pod);
            }
        }

        condemned.Sort((a, b) => StatefulSetIdentity.Ordinal(set, a).CompareTo(StatefulSetIdentity.Ordinal(set, b)));
        var currentSet = StatefulSetHistory.Apply(set, current);
        var updateSet = StatefulSetHistory.Apply(set, update);
        var firstUnhealthy = replicas.Where(p => p is not null).Concat(condemned).FirstOrDefault(p => !IsHealthy(p!));

        for (var i = 0; i < replicaCount; i++)
        {
            var ordinal = start + i;
            var pod = replicas[i];
            if (pod is not null && (PodStates.IsFailed(pod) || PodStates.IsSucceeded(pod)) && !PodStates.IsTerminating(pod))
            {
                await DeletePodAsync(set, pod, PodStates.IsFailed(pod) ? "failed" : "succeeded", cancellationToken).ConfigureAwait(false);
                pod = null;
            }

            if (pod is null)
            {
                var created = NewVersionedPod(set, currentSet, updateSet, current.Metadata.Name, update.Metadata.Name, ordinal);
                await CreateClaimsAsync(set, ordinal, cancellationToken).ConfigureAwait(false);
                await CreatePodAsync(set, created, cancellationToken).ConfigureAwait(false);
                if (monotonic)
                {
                    return null;
                }

                continue;
            }

            if (PodStates.IsTerminating(pod) || !PodStates.IsRunningAndReady(pod))
            {
                if (monotonic)
                {
                    return null;
                }

                continue;
            }

            if (monotonic && !PodStates.IsAvailable(pod, set.Spec.MinReadySeconds ?? 0, context.Time.GetUtcNow()))
            {
                return TimeSpan.FromSeconds(1);
            }

            await CreateClaimsAsync(set, ordinal, cancellationToken).ConfigureAwait(false);
        }

        for (var target = condemned.Count - 1; target >= 0; target--)
        {
            var pod = condemned[target];
            if (PodStates.IsTerminating(pod))
            {
                if (monotonic)
                {
                    return null;
                }

                continue;
            }

            if (monotonic && !IsHealthy(pod) && !ReferenceEquals(pod, firstUnhealthy))
            {
                return null;
            }

            if (set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled == "Delete")
            {
                await OwnClaimsByPodAsync(set, pod, cancellationToken).ConfigureAwait(false);
            }

            await DeletePodAsync(set, pod, "scale down", cancellationToken).ConfigureAwait(false);
            if (monotonic)
            {
                return null;
            }
        }

        if (set.Spec.UpdateStrategy?.Type == "OnDelete")
        {
            return null;
        }

        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
        for (var target = replicaCount - 1; target >= partition; target--)
        {
            var pod = replicas[target];
            if (pod is null)
            {
                return null;
            }

            if (StatefulSetIdentity.Revision(pod) != update.Metadata.Name && !PodStates.IsTerminating(pod))
            {
                await DeletePodAsync(set, pod, "rolling update", cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (!IsHealthy(pod))
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsHealthy(V1Pod pod) => PodStates.IsRunningAndReady(pod) && !PodStates.IsTerminating(pod);

    /// <summary>
    /// The pod of <paramref name="ordinal"/> at the right revision (<c>newVersionedStatefulSetPod</c>): below a RollingUpdate's
    /// partition the current revision, otherwise the update revision — so OnDelete recreates deleted pods updated.
    /// </summary>
    private static V1Pod NewVersionedPod(V1StatefulSet set, V1StatefulSet currentSet, V1StatefulSet updateSet, string currentRevision, string updateRevision, int ordinal)
    {
        var strategy = set.Spec.UpdateStrategy;
        var rolling = strategy?.Type != "OnDelete";
        var belowPartition = strategy?.RollingUpdate is { } rollingUpdate
            ? ordinal < (rollingUpdate.Partition ?? 0)
            : ordinal < (set.Status?.CurrentReplicas ?? 0);
        return rolling && belowPartition
            ? StatefulSetIdentity.NewPod(currentSet, ordinal, currentRevision)
            : StatefulSetIdentity.NewPod(updateSet, ordinal, updateRevision);
    }

    private async Task CreateClaimsAsync(V1StatefulSet set, int ordinal, CancellationToken cancellationToken)
    {
        foreach (var claim in StatefulSetIdentity.Claims(set, ordinal))
        {
            if (context.Informers.PersistentVolumeClaims.Get(ObjectKeys.Of(claim.Metadata.NamespaceProperty, claim.Metadata.Name)) is not null)
            {
                continue;
            }

            if (set.Spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted == "Delete")
            {
                claim.Metadata.OwnerReferences = [OwnerReferences.Of(set, "apps/v1", "StatefulSet")];
            }

            StatefulSetLog.CreatingClaim(_logger, set.Metadata.Name, claim.Metadata.Name);
            await ApiErrors.IgnoreConflictAsync(() => Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
                claim, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>With <c>whenScaled: Delete</c>, a condemned pod's claims get the pod as owner so the collector removes them with it.</summary>
    private async Task OwnClaimsByPodAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        var ordinal = StatefulSetIdentity.Ordinal(set, pod);
        foreach (var claim in StatefulSetIdentity.Claims(set, ordinal))
        {
            var owner = OwnerReferences.Of(pod, "v1", "Pod");
            var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { ownerReferences = new[] { owner } } }), V1Patch.PatchType.MergePatch);
            await ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                patch, claim.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private async Task CreatePodAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        StatefulSetLog.CreatingPod(_logger, set.Metadata.Name, pod.Metadata.Name, StatefulSetIdentity.Revision(pod));
        await ApiErrors.IgnoreConflictAsync(() => Client.CoreV1.CreateNamespacedPodAsync(pod, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
    }

    private async Task DeletePodAsync(V1StatefulSet set, V1Pod pod, string reason, CancellationToken cancellationToken)
    {
        StatefulSetLog.DeletingPod(_logger, set.Metadata.Name, pod.Metadata.Name, reason);
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } };
        try
        {
            await Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, options, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e) || ApiErrors.IsConflict(e))
        {
            // Gone already, or already replaced by a pod with another UID.
        }
    }

    private async Task PatchStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
        await ApiErrors.IgnoreNotFoundAsync(() => Client.AppsV1.PatchNamespacedStatefulSetStatusAsync(
            patch, set.Metadata.Name, set.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Deletes the oldest revisions no pod uses beyond revisionHistoryLimit (<c>truncateHistory</c>).</summary>
    private async Task TruncateHistoryAsync(
        V1StatefulSet set, List<V1Pod> pods, List<V1ControllerRevision> revisions, V1ControllerRevision current, V1ControllerRevision update, CancellationToken cancellationToken)
    {
        var live = pods.Select(StatefulSetIdentity.Revision).ToHashSet(StringComparer.Ordinal);
        live.Add(current.Metadata.Name);
        live.Add(update.Metadata.Name);
        var history = revisions.Where(r => !live.Contains(r.Metadata.Name)).ToList();
        var excess = history.Count - (set.Spec.RevisionHistoryLimit ?? 10);
        foreach (var revision in history.Take(Math.Max(0, excess)))
        {
            await ApiErrors.IgnoreNotFoundAsync(() => Client.AppsV1.DeleteNamespacedControllerRevisionAsync(
                revision.Metadata.Name, revision.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
