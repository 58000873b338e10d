using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// A controller's work queue: items waiting to be processed, each at most once in the queue (an item added while
/// queued is not added again; one added while being processed runs again), and delayed retries.
/// </summary>
internal sealed class WorkQueue<T>(TimeProvider time)
    where T : notnull
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<T> _queued = [];
    private readonly Lock _lock = new();

    public void Add(T item)
    {
        lock (_lock)
        {
            if (!_queued.Add(item))
            {
                return;
            }
        }

        _channel.Writer.TryWrite(item);
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed, unless <paramref name="cancellationToken"/> is cancelled first.</summary>
    public void AddAfter(T item, TimeSpan delay, CancellationToken cancellationToken) => _ = AddLaterAsync(item, delay, cancellationToken);

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            lock (_lock)
            {
                _queued.Remove(item);
            }

            yield return item;
        }
    }

    private async Task AddLaterAsync(T item, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            Add(item);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
