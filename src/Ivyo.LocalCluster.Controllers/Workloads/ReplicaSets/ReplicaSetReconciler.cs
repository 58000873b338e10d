using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.ReplicaSets;

/// <summary>
/// One sync of a ReplicaSet, as pkg/controller/replicaset's <c>syncReplicaSet</c>: the active pods of its namespace
/// are claimed (matching orphans adopted, non-matching pods released); when the expectations of earlier creations and
/// deletions are met, missing pods are created from the template in slow-start batches, or surplus pods deleted in
/// <see cref="PodDeletionOrder"/> (at most 500 either way per sync); then the status, with a <c>ReplicaFailure</c>
/// condition while creating or deleting fails.
/// </summary>
internal sealed class ReplicaSetReconciler(ControllerContext context, ControllerExpectations expectations) : IReconciler
{
    /// <summary>At most this many pods are created or deleted in one sync (<c>BurstReplicas</c>).</summary>
    private const int BurstReplicas = 500;

    private readonly ILogger _logger = context.Logger<ReplicaSetReconciler>();
    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var rs = context.Informers.ReplicaSets.Get(key);
        if (rs is null)
        {
            expectations.Forget(key);
            return ReconcileResult.Done;
        }

        var needsSync = expectations.Satisfied(key) && rs.Metadata.DeletionTimestamp is null;
        var ns = rs.Metadata.NamespaceProperty;
        var active = context.Informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, ns).Where(PodStates.IsActive);
        var claims = new ControllerRefManager<V1Pod>(rs, "apps/v1", "ReplicaSet", rs.Spec.Selector, ReadOwnerAsync,
            (pod, patch) => Client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, ns, cancellationToken: cancellationToken));
        var pods = await claims.ClaimAsync(active).ConfigureAwait(false);

        Exception? error = null;
        var diff = pods.Count - (rs.Spec.Replicas ?? 1);
        if (needsSync)
        {
            error = await ManageReplicasAsync(key, rs, pods, diff, cancellationToken).ConfigureAwait(false);
        }

        var now = context.Time.GetUtcNow();
        var status = ReplicaSetStatusCalculator.Compute(rs, pods, error, diff, now);
        if (ReplicaSetStatusCalculator.Differs(rs.Status, status))
        {
            await UpdateStatusAsync(rs, status, cancellationToken).ConfigureAwait(false);
        }

        if (error is not null)
        {
            throw error;
        }

        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var replicas = rs.Spec.Replicas ?? 1;
        return minReady > 0 && status.ReadyReplicas == replicas && status.AvailableReplicas != replicas
            ? ReconcileResult.After(TimeSpan.FromSeconds(minReady))
            : ReconcileResult.Done;

        async Task<IKubernetesObject<V1ObjectMeta>?> ReadOwnerAsync()
        {
            try
            {
                return await Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                return null;
            }
        }
    }

    /// <summary>Creates or deletes pods so that <paramref name="pods"/> becomes <c>spec.replicas</c> (<c>manageReplicas</c>).</summary>
    private async Task<Exception?> ManageReplicasAsync(string key, V1ReplicaSet rs, List<V1Pod> pods, int diff, CancellationToken cancellationToken)
    {
        var want = rs.Spec.Replicas ?? 1;
        if (diff < 0)
        {
            var count = Math.Min(-diff, BurstReplicas);
            ReplicaSetLog.Creating(_logger, rs.Metadata.Name, want, count);
            expectations.ExpectCreations(key, count);
            var (_, error) = await PodWrites.CreateInBatchesAsync(Client, rs.Metadata.NamespaceProperty, count,
                () => PodTemplates.NewPod(rs.Spec.Template, rs, "apps/v1", "ReplicaSet"),
                () => expectations.CreationObserved(key), cancellationToken).ConfigureAwait(false);
            return error;
        }

        if (diff > 0)
        {
            var count = Math.Min(diff, BurstReplicas);
            ReplicaSetLog.Deleting(_logger, rs.Metadata.Name, want, count);
            var victims = PodDeletionOrder.PodsToDelete(pods, RelatedPods(rs, pods), count, context.Time.GetUtcNow());
            expectations.ExpectDeletions(key, victims.Select(p => p.Metadata.Uid));
            var errors = await Task.WhenAll(victims.Select(async pod =>
            {
                try
                {
                    if (!await PodWrites.DeleteAsync(Client, pod, cancellationToken).ConfigureAwait(false))
                    {
                        expectations.DeletionObserved(key, pod.Metadata.Uid);
                    }

                    return null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    expectations.DeletionObserved(key, pod.Metadata.Uid);
                    return e;
                }
            })).ConfigureAwait(false);
            return errors.FirstOrDefault(e => e is not null);
        }

        return null;
    }

    /// <summary>The pods of every ReplicaSet with the same controller as <paramref name="rs"/> (<c>getIndirectlyRelatedPods</c>).</summary>
    private List<V1Pod> RelatedPods(V1ReplicaSet rs, List<V1Pod> own)
    {
        if (OwnerReferences.Controller(rs.Metadata) is not { } owner)
        {
            return own;
        }

        return [.. context.Informers.ReplicaSets.ByIndex(IndexFunctions.ControllerUidIndex, owner.Uid)
            .SelectMany(sibling => context.Informers.Pods.ByIndex(IndexFunctions.ControllerUidIndex, sibling.Metadata.Uid))];
    }

    private async Task UpdateStatusAsync(V1ReplicaSet rs, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        // updateReplicaSetStatus: one retry with a fresh read after a conflict.
        for (var attempt = 0; ; attempt++)
        {
            rs.Status = status;
            try
            {
                await Client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(rs, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                return;
            }
            catch (HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt == 0)
            {
                rs = await Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                status.ObservedGeneration = rs.Metadata.Generation;
            }
        }
    }
}
