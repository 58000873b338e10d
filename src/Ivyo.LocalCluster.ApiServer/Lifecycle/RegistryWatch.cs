using Ivyo.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// A controller's informer over the whole registry: a list of everything, then every later change; after the watch
/// ends (history compacted, a watcher that fell behind, a store error) it lists again. Runs until cancelled.
/// </summary>
internal static class RegistryWatch
{
    public const string Prefix = "/registry/";

    public static async Task RunAsync(
        IObjectStore store, string controller, Action<StoreList> onList, Action<StoreEvent> onEvent, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                var list = await store.ListAsync(Prefix, cancellationToken);
                onList(list);
                await foreach (var change in store.WatchAsync(Prefix, list.Revision, cancellationToken))
                {
                    onEvent(change);
                }

                reason = "ended";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreCompactedException e)
            {
                reason = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = e.Message;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            LifecycleLog.Relisting(logger, controller, reason);
        }
    }
}
