using System.Globalization;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// The steps of one Deployment sync over its claimed ReplicaSets, as pkg/controller/deployment's <c>sync.go</c>,
/// <c>rolling.go</c> and <c>recreate.go</c>: finding or creating the new ReplicaSet (and syncing revisions), scaling,
/// the RollingUpdate and Recreate rollouts, history cleanup and the status. ReplicaSets are written with their cached
/// resourceVersion, so a stale cache ends in a conflict and a retry. Scaled ReplicaSets are updated in place.
/// </summary>
internal sealed class DeploymentSync(ControllerContext context, V1Deployment deployment, List<V1ReplicaSet> sets, CancellationToken cancellationToken)
{
    private readonly ILogger _logger = context.Logger<DeploymentSync>();
    private V1Deployment _d = deployment;

    private Kubernetes Client => context.Client;

    private DateTimeOffset Now => context.Time.GetUtcNow();

    /// <summary><c>syncStatusOnly</c>: the status from the ReplicaSets as they are.</summary>
    public async Task SyncStatusOnlyAsync()
    {
        var (newRS, oldRSs) = await GetAllAsync(create: false).ConfigureAwait(false);
        await SyncDeploymentStatusAsync(All(newRS, oldRSs), newRS).ConfigureAwait(false);
    }

    /// <summary><c>checkPausedConditions</c>: Progressing Unknown with DeploymentPaused or DeploymentResumed.</summary>
    public async Task CheckPausedConditionsAsync()
    {
        if (!DeploymentConditions.HasProgressDeadline(_d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }

        var pausedExists = condition?.Reason == DeploymentConditions.DeploymentPaused;
        var paused = _d.Spec.Paused == true;
        if (paused == pausedExists)
        {
            return;
        }

        _d.Status ??= new V1DeploymentStatus();
        DeploymentConditions.Set(_d.Status, paused
            ? DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", Now)
            : DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", Now));
        await WriteStatusAsync().ConfigureAwait(false);
    }

    /// <summary><c>sync</c> of a paused Deployment: scale the active ReplicaSet, clean up history, write the status.</summary>
    public async Task SyncPausedAsync()
    {
        var (newRS, oldRSs) = await GetAllAsync(create: false).ConfigureAwait(false);
        await ScaleAsync(newRS, oldRSs).ConfigureAwait(false);
        await CleanupAsync(oldRSs).ConfigureAwait(false);
        await SyncDeploymentStatusAsync(All(newRS, oldRSs), newRS).ConfigureAwait(false);
    }

    /// <summary><c>rolloutRolling</c>; returns when to look again for the progress deadline.</summary>
    public async Task<TimeSpan?> RolloutRollingAsync()
    {
        var (newRS, oldRSs) = await GetAllAsync(create: true).ConfigureAwait(false);
        var all = All(newRS, oldRSs);
        if (newRS is not null && await ReconcileNewReplicaSetAsync(all, newRS).ConfigureAwait(false))
        {
            return await SyncRolloutStatusAsync(all, newRS).ConfigureAwait(false);
        }

        if (await ReconcileOldReplicaSetsAsync(all, [.. oldRSs.Where(IsActive)], newRS).ConfigureAwait(false))
        {
            return await SyncRolloutStatusAsync(all, newRS).ConfigureAwait(false);
        }

        if (RolloutMath.IsComplete(_d, _d.Status))
        {
            await CleanupAsync(oldRSs).ConfigureAwait(false);
        }

        return await SyncRolloutStatusAsync(all, newRS).ConfigureAwait(false);
    }

    /// <summary><c>rolloutRecreate</c>: old ReplicaSets to zero, wait for their pods to stop, then the new one to full size.</summary>
    public async Task<TimeSpan?> RolloutRecreateAsync(Dictionary<string, List<V1Pod>> podMap)
    {
        var (newRS, oldRSs) = await GetAllAsync(create: false).ConfigureAwait(false);
        var scaledDown = false;
        foreach (var rs in oldRSs.Where(IsActive))
        {
            scaledDown |= await ScaleReplicaSetAsync(rs, 0).ConfigureAwait(false);
        }

        if (scaledDown || OldPodsRunning(newRS, oldRSs, podMap))
        {
            return await SyncRolloutStatusAsync(All(newRS, oldRSs), newRS).ConfigureAwait(false);
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = await GetAllAsync(create: true).ConfigureAwait(false);
        }

        if (newRS is not null && (newRS.Spec.Replicas ?? 0) != (_d.Spec.Replicas ?? 1))
        {
            await ScaleReplicaSetAsync(newRS, _d.Spec.Replicas ?? 1).ConfigureAwait(false);
        }

        if (RolloutMath.IsComplete(_d, _d.Status))
        {
            await CleanupAsync(oldRSs).ConfigureAwait(false);
        }

        return await SyncRolloutStatusAsync(All(newRS, oldRSs), newRS).ConfigureAwait(false);
    }

    private static bool IsActive(V1ReplicaSet rs) => (rs.Spec.Replicas ?? 0) > 0;

    private static string? Annotation(V1ReplicaSet rs, string key) =>
        rs.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    private static List<V1ReplicaSet> All(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs) => newRS is null ? oldRSs : [.. oldRSs, newRS];

    /// <summary><c>oldPodsRunning</c>: old ReplicaSets report replicas, or have pods not yet Succeeded or Failed.</summary>
    private static bool OldPodsRunning(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, Dictionary<string, List<V1Pod>> podMap)
    {
        if (RolloutMath.ActualReplicas(oldRSs) > 0)
        {
            return true;
        }

        return podMap.Where(entry => newRS is null || entry.Key != newRS.Metadata.Uid)
            .SelectMany(entry => entry.Value)
            .Any(pod => pod.Status?.Phase is not ("Failed" or "Succeeded"));
    }

    /// <summary><c>reconcileNewReplicaSet</c>: grow the new ReplicaSet as far as maxSurge allows, or shrink it to the replicas.</summary>
    private async Task<bool> ReconcileNewReplicaSetAsync(List<V1ReplicaSet> all, V1ReplicaSet newRS)
    {
        var replicas = _d.Spec.Replicas ?? 1;
        var current = newRS.Spec.Replicas ?? 0;
        if (current == replicas)
        {
            return false;
        }

        if (current > replicas)
        {
            return await ScaleReplicaSetAsync(newRS, replicas).ConfigureAwait(false);
        }

        return await ScaleReplicaSetAsync(newRS, RolloutMath.NewRSNewReplicas(_d, all, newRS)).ConfigureAwait(false);
    }

    /// <summary><c>reconcileOldReplicaSets</c>: shrink old ReplicaSets as far as maxUnavailable allows, unhealthy ones first.</summary>
    private async Task<bool> ReconcileOldReplicaSetsAsync(List<V1ReplicaSet> all, List<V1ReplicaSet> oldRSs, V1ReplicaSet? newRS)
    {
        if (RolloutMath.SpecReplicas(oldRSs) == 0)
        {
            return false;
        }

        var minAvailable = (_d.Spec.Replicas ?? 1) - RolloutMath.MaxUnavailable(_d);
        var newUnavailable = newRS is null ? 0 : (newRS.Spec.Replicas ?? 0) - (newRS.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = RolloutMath.SpecReplicas(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // cleanupUnhealthyReplicas: unavailable replicas of old sets go first, oldest set first.
        var cleaned = 0;
        foreach (var rs in DeploymentRevisions.ByCreation(oldRSs).ToList())
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var spec = rs.Spec.Replicas ?? 0;
            var available = rs.Status?.AvailableReplicas ?? 0;
            if (spec == 0 || spec == available)
            {
                continue;
            }

            var down = Math.Min(maxScaledDown - cleaned, spec - available);
            await ScaleReplicaSetAsync(rs, spec - down).ConfigureAwait(false);
            cleaned += down;
        }

        // scaleDownOldReplicaSetsForRollingUpdate: then available ones, keeping minAvailable.
        var scaled = 0;
        var availableNow = RolloutMath.AvailableReplicas(all);
        if (availableNow > minAvailable)
        {
            var total = availableNow - minAvailable;
            foreach (var rs in DeploymentRevisions.ByCreation(oldRSs).ToList())
            {
                if (scaled >= total)
                {
                    break;
                }

                var spec = rs.Spec.Replicas ?? 0;
                if (spec == 0)
                {
                    continue;
                }

                var down = Math.Min(spec, total - scaled);
                await ScaleReplicaSetAsync(rs, spec - down).ConfigureAwait(false);
                scaled += down;
            }
        }

        return cleaned + scaled > 0;
    }

    /// <summary>
    /// <c>scale</c> of a Deployment that does not roll out: the only active (or the newest) ReplicaSet takes the replicas;
    /// once the new one is saturated, old ones go to zero.
    /// </summary>
    private async Task ScaleAsync(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        var replicas = _d.Spec.Replicas ?? 1;
        var newestFirst = DeploymentRevisions.ByCreation(oldRSs).Reverse().ToList();
        var active = (newRS is null ? newestFirst : [.. newestFirst, newRS]).Where(IsActive).ToList();
        var target = active.Count switch
        {
            0 => newRS ?? newestFirst.FirstOrDefault(),
            1 => active[0],
            _ => null,
        };
        if (target is not null)
        {
            if ((target.Spec.Replicas ?? 0) != replicas)
            {
                await ScaleReplicaSetAsync(target, replicas).ConfigureAwait(false);
            }

            return;
        }

        if (newRS is not null && (newRS.Spec.Replicas ?? 0) == replicas && (newRS.Status?.AvailableReplicas ?? 0) == replicas
            && Annotation(newRS, DeploymentRevisions.DesiredReplicasAnnotation) == replicas.ToString(CultureInfo.InvariantCulture))
        {
            foreach (var rs in oldRSs.Where(IsActive))
            {
                await ScaleReplicaSetAsync(rs, 0).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sets a ReplicaSet's replicas and replica annotations (<c>scaleReplicaSet</c>); whether its size changed.</summary>
    private async Task<bool> ScaleReplicaSetAsync(V1ReplicaSet rs, int replicas)
    {
        var copy = ObjectCopies.Copy(rs);
        var sizeChanged = (copy.Spec.Replicas ?? 0) != replicas;
        var annotationsChanged = DeploymentRevisions.SetReplicasAnnotations(copy, _d.Spec.Replicas ?? 1, (_d.Spec.Replicas ?? 1) + RolloutMath.MaxSurge(_d));
        if (!sizeChanged && !annotationsChanged)
        {
            return false;
        }

        copy.Spec.Replicas = replicas;
        var updated = await Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (sizeChanged)
        {
            DeploymentLog.Scaled(_logger, _d.Metadata.Name, rs.Metadata.Name, rs.Spec.Replicas ?? 0, replicas);
        }

        rs.Metadata = updated.Metadata;
        rs.Spec = updated.Spec;
        rs.Status = updated.Status;
        return sizeChanged;
    }

    /// <summary>
    /// <c>getAllReplicaSetsAndSyncRevision</c>: the new ReplicaSet (found, or created when <paramref name="create"/>)
    /// with its revision one above the old ones', and the old ReplicaSets.
    /// </summary>
    private async Task<(V1ReplicaSet? New, List<V1ReplicaSet> Old)> GetAllAsync(bool create)
    {
        var existing = DeploymentRevisions.FindNew(_d, sets);
        var oldRSs = sets.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var revision = oldRSs.Select(DeploymentRevisions.Revision).DefaultIfEmpty(0).Max() + 1;
        if (existing is not null)
        {
            var copy = ObjectCopies.Copy(existing);
            var annotationsChanged = DeploymentRevisions.SetNewAnnotations(_d, copy, revision, exists: true);
            if (annotationsChanged || copy.Spec.MinReadySeconds != _d.Spec.MinReadySeconds)
            {
                copy.Spec.MinReadySeconds = _d.Spec.MinReadySeconds;
                var updated = await Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                existing.Metadata = updated.Metadata;
                existing.Spec = updated.Spec;
                existing.Status = updated.Status;
            }

            var metadataChanged = DeploymentRevisions.SetDeploymentRevision(_d, Annotation(existing, DeploymentRevisions.RevisionAnnotation) ?? "");
            var statusChanged = false;
            if (DeploymentConditions.HasProgressDeadline(_d) && DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing) is null)
            {
                _d.Status ??= new V1DeploymentStatus();
                DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet,
                    $"Found new replica set \"{existing.Metadata.Name}\"", Now));
                statusChanged = true;
            }

            await PersistAsync(metadataChanged, statusChanged).ConfigureAwait(false);
            return (existing, oldRSs);
        }

        if (!create)
        {
            return (null, oldRSs);
        }

        var hash = DeploymentRevisions.TemplateHash(_d);
        var candidate = DeploymentRevisions.NewReplicaSet(_d, hash, revision);
        candidate.Spec.Replicas = RolloutMath.NewRSNewReplicas(_d, [.. oldRSs, candidate], candidate);
        V1ReplicaSet created;
        var alreadyExisted = false;
        try
        {
            created = await Client.AppsV1.CreateNamespacedReplicaSetAsync(candidate, candidate.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            DeploymentLog.CreatedReplicaSet(_logger, _d.Metadata.Name, created.Metadata.Name, created.Spec.Replicas ?? 0);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            var found = await Client.AppsV1.ReadNamespacedReplicaSetAsync(candidate.Metadata.Name, candidate.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (OwnerReferences.Controller(found.Metadata)?.Uid != _d.Metadata.Uid || !DeploymentRevisions.EqualIgnoreHash(found.Spec.Template, _d.Spec.Template))
            {
                // A hash collision: count it, so that the next sync hashes differently, and retry.
                _d.Status ??= new V1DeploymentStatus();
                _d.Status.CollisionCount = (_d.Status.CollisionCount ?? 0) + 1;
                DeploymentLog.Collision(_logger, _d.Metadata.Name, candidate.Metadata.Name, _d.Status.CollisionCount.Value);
                await WriteStatusAsync().ConfigureAwait(false);
                throw;
            }

            created = found;
            alreadyExisted = true;
        }

        sets.Add(created);
        var statusUpdate = false;
        if (!alreadyExisted && DeploymentConditions.HasProgressDeadline(_d))
        {
            _d.Status ??= new V1DeploymentStatus();
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated,
                $"Created new replica set \"{created.Metadata.Name}\"", Now));
            statusUpdate = true;
        }

        var revisionChanged = DeploymentRevisions.SetDeploymentRevision(_d, revision.ToString(CultureInfo.InvariantCulture));
        await PersistAsync(revisionChanged, statusUpdate).ConfigureAwait(false);
        return (created, oldRSs);
    }

    /// <summary><c>cleanupDeployment</c>: delete the oldest idle old ReplicaSets beyond revisionHistoryLimit.</summary>
    private async Task CleanupAsync(List<V1ReplicaSet> oldRSs)
    {
        if (_d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }

        var cleanable = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }

        var byRevision = cleanable.OrderBy(DeploymentRevisions.Revision).ThenBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();
        foreach (var rs in byRevision.Take(diff))
        {
            if ((rs.Status?.Replicas ?? 0) != 0 || (rs.Spec.Replicas ?? 0) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            DeploymentLog.DeletingOld(_logger, _d.Metadata.Name, rs.Metadata.Name);
            await ApiErrors.IgnoreNotFoundAsync(() => Client.AppsV1.DeleteNamespacedReplicaSetAsync(
                rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary><c>syncRolloutStatus</c>; returns when to look again for the progress deadline.</summary>
    private async Task<TimeSpan?> SyncRolloutStatusAsync(List<V1ReplicaSet> all, V1ReplicaSet? newRS)
    {
        var now = Now;
        var status = DeploymentStatusCalculator.Rollout(all, newRS, _d, now);
        if (!DeploymentStatusCalculator.Equal(_d.Status, status))
        {
            _d.Status = status;
            await WriteStatusAsync().ConfigureAwait(false);
            return null;
        }

        return DeploymentStatusCalculator.UntilTimeout(_d, status, now);
    }

    /// <summary><c>syncDeploymentStatus</c>: counts and Available, without touching Progressing.</summary>
    private async Task SyncDeploymentStatusAsync(List<V1ReplicaSet> all, V1ReplicaSet? newRS)
    {
        var status = DeploymentStatusCalculator.Calculate(all, newRS, _d, Now);
        if (!DeploymentStatusCalculator.Equal(_d.Status, status))
        {
            _d.Status = status;
            await WriteStatusAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes the revision annotation (the main resource) and the status (its subresource), as changed.</summary>
    private async Task PersistAsync(bool metadataChanged, bool statusChanged)
    {
        var status = _d.Status;
        if (metadataChanged)
        {
            var patch = new
            {
                metadata = new
                {
                    annotations = new Dictionary<string, string> { [DeploymentRevisions.RevisionAnnotation] = _d.Metadata.Annotations![DeploymentRevisions.RevisionAnnotation] },
                    resourceVersion = _d.Metadata.ResourceVersion,
                },
            };
            _d = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch),
                _d.Metadata.Name, _d.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            _d.Status = status;
        }

        if (statusChanged)
        {
            await WriteStatusAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteStatusAsync()
    {
        var status = _d.Status;
        var updated = await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(_d, _d.Metadata.Name, _d.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        _d = updated;
        _d.Status ??= status;
    }
}
