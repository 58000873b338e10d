using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// One sync of a Deployment, as pkg/controller/deployment's <c>syncDeployment</c>: an empty selector is refused; the
/// ReplicaSets of its namespace are claimed; a Deployment being deleted only gets its status; the paused condition is
/// kept; a paused Deployment is only scaled; otherwise its strategy rolls it out (<see cref="DeploymentSync"/>).
/// A conflict (a stale cache) is retried with back-off.
/// </summary>
internal sealed class DeploymentReconciler(ControllerContext context) : IReconciler
{
    private readonly Microsoft.Extensions.Logging.ILogger _logger = context.Logger<DeploymentReconciler>();

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var d = context.Informers.Deployments.Get(key);
        if (d is null)
        {
            return ReconcileResult.Done;
        }

        try
        {
            return await SyncAsync(d, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            return ReconcileResult.RequeueWithBackoff;
        }
    }

    private async Task<ReconcileResult> SyncAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var ns = d.Metadata.NamespaceProperty;
        if (!SelectingOwners.IsNotEmpty(d.Spec.Selector))
        {
            DeploymentLog.EmptySelector(_logger, d.Metadata.Name);
            if ((d.Status?.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                d.Status ??= new V1DeploymentStatus();
                d.Status.ObservedGeneration = d.Metadata.Generation;
                await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var claims = new ControllerRefManager<V1ReplicaSet>(d, "apps/v1", "Deployment", d.Spec.Selector, ReadOwnerAsync,
            (rs, patch) => client.AppsV1.PatchNamespacedReplicaSetAsync(patch, rs.Metadata.Name, ns, cancellationToken: cancellationToken));
        var sets = await claims.ClaimAsync(context.Informers.ReplicaSets.ByIndex(IndexFunctions.NamespaceIndex, ns)).ConfigureAwait(false);
        var sync = new DeploymentSync(context, d, sets, cancellationToken);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            await sync.SyncStatusOnlyAsync().ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        await sync.CheckPausedConditionsAsync().ConfigureAwait(false);
        if (d.Spec.Paused == true)
        {
            await sync.SyncPausedAsync().ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var requeue = RolloutMath.IsRollingUpdate(d)
            ? await sync.RolloutRollingAsync().ConfigureAwait(false)
            : await sync.RolloutRecreateAsync(PodsByReplicaSet(d, sets)).ConfigureAwait(false);
        return requeue is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;

        async Task<IKubernetesObject<V1ObjectMeta>?> ReadOwnerAsync()
        {
            try
            {
                return await client.AppsV1.ReadNamespacedDeploymentAsync(d.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                return null;
            }
        }
    }

    /// <summary>The Deployment's pods by the UID of their ReplicaSet (<c>getPodMapForDeployment</c>).</summary>
    private Dictionary<string, List<V1Pod>> PodsByReplicaSet(V1Deployment d, List<V1ReplicaSet> sets)
    {
        var map = sets.ToDictionary(rs => rs.Metadata.Uid, _ => new List<V1Pod>(), StringComparer.Ordinal);
        foreach (var rs in sets)
        {
            map[rs.Metadata.Uid].AddRange(context.Informers.Pods.ByIndex(IndexFunctions.ControllerUidIndex, rs.Metadata.Uid)
                .Where(p => LabelSelectors.Matches(d.Spec.Selector, p.Metadata.Labels)));
        }

        return map;
    }
}
