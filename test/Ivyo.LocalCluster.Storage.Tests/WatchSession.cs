namespace Ivyo.LocalCluster.Storage.Tests;

/// <summary>A watch read one event at a time, each within a timeout; disposing it cancels the watch.</summary>
internal sealed class WatchSession : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly IAsyncEnumerator<StoreEvent> _events;
    private Task<bool>? _pending;

    public WatchSession(IObjectStore store, string prefix, long afterRevision) =>
        _events = store.WatchAsync(prefix, afterRevision, _cancellation.Token).GetAsyncEnumerator(_cancellation.Token);

    public async Task<StoreEvent> NextAsync()
    {
        Assert.True(await MoveNextAsync(), "The watch ended.");
        return _events.Current;
    }

    public async Task<List<StoreEvent>> NextAsync(int count)
    {
        var events = new List<StoreEvent>(count);
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    /// <summary>The next step of the watch, without a timeout's assertion (for tests that expect it to end).</summary>
    public async Task<bool> MoveNextAsync()
    {
        _pending ??= _events.MoveNextAsync().AsTask();
        var moved = await _pending.WaitAsync(s_timeout);
        _pending = null;
        return moved;
    }

    /// <summary>Asks for the next event without waiting for it, which makes a memory store's watch register.</summary>
    public void Start() => _pending ??= _events.MoveNextAsync().AsTask();

    public void Cancel() => _cancellation.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        if (_pending is not null)
        {
            try
            {
                await _pending.WaitAsync(s_timeout);
            }
            catch (Exception)
            {
                // The watch ends with whatever cancellation or failure it ends with.
            }
        }

        try
        {
            await _events.DisposeAsync();
        }
        finally
        {
            _cancellation.Dispose();
        }
    }
}
