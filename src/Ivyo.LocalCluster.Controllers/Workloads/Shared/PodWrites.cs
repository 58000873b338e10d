using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// Pod creation and deletion as pkg/controller's <c>RealPodControl</c> does them for controllers with expectations:
/// creations in slow-start batches (1, 2, 4, ... pods, stopping at the first failure, <c>slowStartBatch</c>), deletions
/// with the pod's UID as precondition so a stale cache never deletes a replacement.
/// </summary>
internal static class PodWrites
{
    /// <summary>The first batch size of <c>slowStartBatch</c> (<c>SlowStartInitialBatchSize</c>).</summary>
    private const int InitialBatchSize = 1;

    /// <summary>
    /// Creates <paramref name="count"/> pods made by <paramref name="newPod"/>; returns how many were created and the
    /// first failure, if any. <paramref name="failed"/> is called once for each pod that was not created.
    /// </summary>
    public static async Task<(int Created, Exception? Error)> CreateInBatchesAsync(
        Kubernetes client, string ns, int count, Func<V1Pod> newPod, Action failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(newPod);
        ArgumentNullException.ThrowIfNull(failed);
        var remaining = count;
        var created = 0;
        for (var batch = Math.Min(remaining, InitialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(async _ =>
            {
                try
                {
                    await client.CoreV1.CreateNamespacedPodAsync(newPod(), ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed();
                    return e;
                }
            })).ConfigureAwait(false);
            created += results.Count(r => r is null);
            remaining -= batch;
            if (results.FirstOrDefault(r => r is not null) is { } error)
            {
                // The pods of the batches never tried will not be observed either.
                for (var i = 0; i < remaining; i++)
                {
                    failed();
                }

                return (created, error);
            }
        }

        return (created, null);
    }

    /// <summary>
    /// Deletes <paramref name="pod"/> if it is still the same pod: true when this call deleted it, false when it was
    /// gone or replaced already (the informer will then not show this deletion); other failures are thrown.
    /// </summary>
    public static async Task<bool> DeleteAsync(Kubernetes client, V1Pod pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pod);
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } };
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, options, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e) || ApiErrors.IsConflict(e))
        {
            return false;
        }
    }
}
