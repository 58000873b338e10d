namespace Ivyo.LocalCluster.Storage.Tests;

public sealed class MemoryObjectStoreTests : ObjectStoreContractTests
{
    private const int HistoryLimit = 64;

    protected override int WritesPerWriter => 500;

    [Fact]
    public void The_defaults_keep_10000_events()
    {
        Assert.Equal(10_000, new MemoryObjectStoreOptions().HistoryLimit);
        Assert.Equal(10_000, new MemoryObjectStoreOptions().WatchBufferSize);
    }

    [Fact]
    public async Task A_watch_may_start_at_the_oldest_retained_history_but_not_before()
    {
        await using var store = new MemoryObjectStore(new MemoryObjectStoreOptions { HistoryLimit = 3 });
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync($"/k/{i}", Objects.ConfigMap($"o{i}"));
        }

        // Revisions 3, 4 and 5 are retained: watching after 2 works, after 1 does not.
        await using (var watch = new WatchSession(store, "/k/", 2))
        {
            Assert.Equal([3L, 4L, 5L], (await watch.NextAsync(3)).Select(e => e.Revision));
        }

        await using var tooOld = new WatchSession(store, "/k/", 1);
        var compacted = await Assert.ThrowsAsync<StoreCompactedException>(tooOld.MoveNextAsync);
        Assert.Equal(3, compacted.OldestRevision);
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_its_buffer_gets_its_buffered_events_then_StoreCompactedException()
    {
        await using var store = new MemoryObjectStore(new MemoryObjectStoreOptions { WatchBufferSize = 4 });
        await using var slow = new WatchSession(store, "/k/", 0);

        // The first event proves the watcher is registered and live, so the writes below land in its buffer rather
        // than being replayed from history later.
        await store.CreateAsync("/k/0", Objects.ConfigMap("o0"));
        Assert.Equal([1L], (await slow.NextAsync(1)).Select(e => e.Revision));

        // Writers are not held up by the watcher that reads nothing.
        for (var i = 1; i < 10; i++)
        {
            await store.CreateAsync($"/k/{i}", Objects.ConfigMap($"o{i}"));
        }

        var delivered = await slow.NextAsync(4);
        Assert.Equal([2L, 3L, 4L, 5L], delivered.Select(e => e.Revision));
        var overflow = await Assert.ThrowsAsync<StoreCompactedException>(slow.MoveNextAsync);
        Assert.Equal(5, overflow.RequestedRevision);
        // Other watchers are unaffected.
        await using var fresh = new WatchSession(store, "/k/", 8);
        Assert.Equal([9L, 10L], (await fresh.NextAsync(2)).Select(e => e.Revision));
    }

    [Fact]
    public async Task Disposing_the_store_ends_its_watches()
    {
        var store = new MemoryObjectStore();
        await using var watch = new WatchSession(store, "/", 0);
        var waiting = watch.MoveNextAsync();

        await store.DisposeAsync();

        Assert.False(await waiting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync("/k", Objects.ConfigMap("k")));
    }

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult<IObjectStore>(new MemoryObjectStore(new MemoryObjectStoreOptions { HistoryLimit = HistoryLimit, WatchBufferSize = 100_000 }));

    protected override async Task CompactHistoryAsync()
    {
        for (var i = 0; i < HistoryLimit + 10; i++)
        {
            await Store.CreateAsync($"/registry/filler/{i}", Objects.ConfigMap($"f{i}"));
        }
    }
}
