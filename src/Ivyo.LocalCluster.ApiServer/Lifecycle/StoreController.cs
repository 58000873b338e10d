using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// A controller inside the API server, in kube-controller-manager's shape: one loop that follows the store (list,
/// then watch; see <see cref="RegistryWatch"/>) and feeds a queue, one loop that works the queue. Both stop when the
/// controller is disposed.
/// </summary>
internal abstract class StoreController(ObjectService objects, TimeProvider time, ILogger logger, string name) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected ObjectService Objects => objects;

    protected TimeProvider Time => time;
    private Task _running = Task.CompletedTask;

    public void Start()
    {
        var token = _stopping.Token;
        _running = Task.WhenAll(
            Task.Run(() => RegistryWatch.RunAsync(objects.Store, name, OnList, OnEvent, time, logger, token), token),
            Task.Run(() => WorkAsync(token), token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    /// <summary>Every object, after a (re)list.</summary>
    protected abstract void OnList(StoreList list);

    /// <summary>One change after the list.</summary>
    protected abstract void OnEvent(StoreEvent change);

    /// <summary>Works the queue until <paramref name="cancellationToken"/> is cancelled.</summary>
    protected abstract Task WorkAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="sync"/> for each key from <paramref name="queue"/>; a key that fails is retried a second later.</summary>
    protected async Task DrainAsync(WorkQueue<string> queue, Func<string, CancellationToken, Task> sync, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in queue.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await sync(key, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LifecycleLog.Retrying(logger, name, key, e);
                    queue.AddAfter(key, TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
