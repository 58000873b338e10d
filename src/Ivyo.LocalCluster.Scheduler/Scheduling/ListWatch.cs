using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// A plain list-then-watch of one resource, as a client-go reflector does: list, hand the items to
/// <paramref name="replace"/>, then watch from the list's resourceVersion (with bookmarks) handing each event to
/// <paramref name="apply"/>, watching again from the last seen version when the stream ends. A 410 Gone (an expired
/// version) or any failure lists again, after <see cref="SchedulerOptions.WatchRetryDelay"/> on failure.
/// </summary>
public sealed class ListWatch<T, TList>(
    string resource,
    Func<CancellationToken, Task<TList>> list,
    Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
    Action<IList<T>> replace,
    Action<WatchEventType, T> apply,
    SchedulerOptions options,
    TimeProvider time,
    ILogger logger) : IRunnable
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => _synced.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var listed = await list(cancellationToken).ConfigureAwait(false);
                replace(listed.Items);
                _synced.TrySetResult();
                var version = listed.Metadata?.ResourceVersion;
                while (await WatchAsync(version, v => version = v, cancellationToken).ConfigureAwait(false))
                {
                }

                logger.WatchExpired(resource);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                logger.WatchExpired(resource);
            }
#pragma warning disable CA1031 // A watch must outlive any failure of the API server; it logs and lists again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.WatchFailed(e, resource);
                try
                {
                    await Task.Delay(options.WatchRetryDelay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One watch stream; true when it ended normally and may be resumed, false on 410 Gone.</summary>
    private async Task<bool> WatchAsync(string? version, Action<string> seen, CancellationToken cancellationToken)
    {
        var gone = false;
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status.Code: 410 })
            {
                gone = true;
            }
        }

        await foreach (var (type, item) in watch(version, OnError, cancellationToken).ConfigureAwait(false))
        {
            if (item?.Metadata?.ResourceVersion is { Length: > 0 } itemVersion)
            {
                seen(itemVersion);
            }

            if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
            {
                apply(type, item!);
            }

            if (gone)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return !gone;
    }
}
