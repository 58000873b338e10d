using System.Collections.Concurrent;
using System.Globalization;

namespace Ivyo.LocalCluster.Storage.Tests;

/// <summary>What every <see cref="IObjectStore"/> must do; one subclass per store runs it.</summary>
public abstract class ObjectStoreContractTests : IAsyncLifetime
{
    private const string Pods = "/registry/pods/default/";
    private IObjectStore? _store;

    protected IObjectStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>How many writes each of the stress test's writers makes.</summary>
    protected abstract int WritesPerWriter { get; }

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        try
        {
            if (_store is not null)
            {
                await _store.DisposeAsync();
            }
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [Fact]
    public async Task Create_stamps_the_resourceVersion_and_Get_returns_the_object()
    {
        var given = Objects.ConfigMap("a", "hello", resourceVersion: "999999");

        var created = await Store.CreateAsync(Pods + "a", given);
        var read = await Store.GetAsync(Pods + "a");

        Assert.Equal(Pods + "a", created.Key);
        Assert.Equal(created.ModRevision, created.CreateRevision);
        Assert.Equal(created.ModRevision.ToString(CultureInfo.InvariantCulture), created.ResourceVersion());
        Assert.NotNull(read);
        Assert.Equal(created.ModRevision, read.ModRevision);
        Assert.Equal(created.CreateRevision, read.CreateRevision);
        Assert.Equal(created.ResourceVersion(), read.ResourceVersion());
        Assert.Equal("hello", read.Data());
        Assert.Equal("a", (string)read.Value["metadata"]!["name"]!);
        Assert.Equal("999999", (string)given["metadata"]!["resourceVersion"]!); // The caller's object is not touched.
    }

    [Fact]
    public async Task Returned_objects_are_copies_the_caller_may_change()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "original"));
        created.Value["data"]!["value"] = "changed";
        var read = await Store.GetAsync(Pods + "a");
        read!.Value["data"]!["value"] = "changed too";

        Assert.Equal("original", (await Store.GetAsync(Pods + "a"))!.Data());
    }

    [Fact]
    public async Task Get_of_a_missing_key_returns_null() =>
        Assert.Null(await Store.GetAsync(Pods + "missing"));

    [Fact]
    public async Task Create_of_an_existing_key_throws_AlreadyExists()
    {
        var first = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "first"));

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "second")));

        Assert.Equal(StoreConflictKind.AlreadyExists, conflict.Kind);
        Assert.Equal(Pods + "a", conflict.Key);
        Assert.Equal(first.ModRevision, conflict.CurrentRevision);
        Assert.Equal("first", (await Store.GetAsync(Pods + "a"))!.Data());
    }

    [Fact]
    public async Task List_returns_the_objects_under_the_prefix_sorted_by_key_and_the_revision_read_at()
    {
        await Store.CreateAsync(Pods + "b", Objects.ConfigMap("b"));
        await Store.CreateAsync("/registry/pods/other/x", Objects.ConfigMap("x"));
        await Store.CreateAsync(Pods + "c", Objects.ConfigMap("c"));
        var a = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));
        await Store.CreateAsync("/registry/podsecuritypolicies/y", Objects.ConfigMap("y"));

        var list = await Store.ListAsync(Pods);

        Assert.Equal([Pods + "a", Pods + "b", Pods + "c"], list.Items.Select(item => item.Key));
        Assert.Equal(a.ModRevision + 1, list.Revision);
        Assert.Equal(Store.CurrentRevision, list.Revision);
        Assert.All(list.Items, item => Assert.Equal(item.ModRevision.ToString(CultureInfo.InvariantCulture), item.ResourceVersion()));
        Assert.Equal(4, (await Store.ListAsync("/registry/pods/")).Items.Count);
        Assert.Equal(5, (await Store.ListAsync("/registry/pods")).Items.Count);
        Assert.Empty((await Store.ListAsync("/registry/services/")).Items);
    }

    [Fact]
    public async Task Update_with_the_current_revision_replaces_the_object()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));

        var updated = await Store.UpdateAsync(Pods + "a", created.ModRevision, Objects.ConfigMap("a", "v2", resourceVersion: "1"));

        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        Assert.True(updated.ModRevision > created.ModRevision);
        Assert.Equal(updated.ModRevision.ToString(CultureInfo.InvariantCulture), updated.ResourceVersion());
        var read = await Store.GetAsync(Pods + "a");
        Assert.NotNull(read);
        Assert.Equal("v2", read.Data());
        Assert.Equal(updated.ModRevision, read.ModRevision);
        Assert.Equal(created.CreateRevision, read.CreateRevision);
    }

    [Fact]
    public async Task Update_with_a_stale_revision_throws_Conflict_and_changes_nothing()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));
        var updated = await Store.UpdateAsync(Pods + "a", created.ModRevision, Objects.ConfigMap("a", "v2"));

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.UpdateAsync(Pods + "a", created.ModRevision, Objects.ConfigMap("a", "v3")));

        Assert.Equal(StoreConflictKind.Conflict, conflict.Kind);
        Assert.Equal(updated.ModRevision, conflict.CurrentRevision);
        Assert.Equal("v2", (await Store.GetAsync(Pods + "a"))!.Data());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Update_of_a_missing_key_throws_NotFound_and_creates_nothing(long expectedRevision)
    {
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.UpdateAsync(Pods + "missing", expectedRevision, Objects.ConfigMap("missing")));

        Assert.Equal(StoreConflictKind.NotFound, conflict.Kind);
        Assert.Equal(0, conflict.CurrentRevision);
        Assert.Null(await Store.GetAsync(Pods + "missing"));
    }

    [Fact]
    public async Task Delete_without_a_precondition_removes_and_returns_the_object()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));

        var deleted = await Store.DeleteAsync(Pods + "a");

        Assert.Equal("v1", deleted.Data());
        Assert.Equal(created.ModRevision, deleted.ModRevision);
        Assert.Equal(created.ResourceVersion(), deleted.ResourceVersion());
        Assert.Null(await Store.GetAsync(Pods + "a"));
        Assert.Equal(created.ModRevision + 1, Store.CurrentRevision);
    }

    [Fact]
    public async Task Delete_with_the_current_revision_removes_the_object()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));

        await Store.DeleteAsync(Pods + "a", created.ModRevision);

        Assert.Null(await Store.GetAsync(Pods + "a"));
    }

    [Fact]
    public async Task Delete_with_a_stale_revision_throws_Conflict_and_keeps_the_object()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));
        var updated = await Store.UpdateAsync(Pods + "a", created.ModRevision, Objects.ConfigMap("a", "v2"));

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAsync(Pods + "a", created.ModRevision));

        Assert.Equal(StoreConflictKind.Conflict, conflict.Kind);
        Assert.Equal(updated.ModRevision, conflict.CurrentRevision);
        Assert.NotNull(await Store.GetAsync(Pods + "a"));
    }

    [Fact]
    public async Task Delete_of_a_missing_key_throws_NotFound()
    {
        Assert.Equal(StoreConflictKind.NotFound, (await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAsync(Pods + "missing"))).Kind);
        Assert.Equal(StoreConflictKind.NotFound, (await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAsync(Pods + "missing", 3))).Kind);
    }

    [Fact]
    public async Task The_revision_is_global_and_grows_by_one_per_write_across_keys()
    {
        var start = Store.CurrentRevision;
        var a = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));
        var b = await Store.CreateAsync("/registry/services/default/b", Objects.ConfigMap("b"));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAsync(Pods + "a", Objects.ConfigMap("a")));
        var a2 = await Store.UpdateAsync(Pods + "a", a.ModRevision, Objects.ConfigMap("a", "v2"));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateAsync(Pods + "a", a.ModRevision, Objects.ConfigMap("a", "v3")));
        await Store.DeleteAsync("/registry/services/default/b");
        var c = await Store.CreateAsync(Pods + "c", Objects.ConfigMap("c"));

        Assert.Equal([start + 1, start + 2, start + 3, start + 5], [a.ModRevision, b.ModRevision, a2.ModRevision, c.ModRevision]);
        Assert.Equal(start + 5, Store.CurrentRevision);
        Assert.Equal(start + 5, (await Store.ListAsync("/")).Revision);
    }

    [Fact]
    public async Task A_watch_from_a_revision_replays_the_history_in_order_then_live_events()
    {
        var start = Store.CurrentRevision;
        var a = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));
        var b = await Store.CreateAsync(Pods + "b", Objects.ConfigMap("b"));
        var a2 = await Store.UpdateAsync(Pods + "a", a.ModRevision, Objects.ConfigMap("a", "v2"));

        await using var watch = new WatchSession(Store, Pods, start);
        var replayed = await watch.NextAsync(3);
        var c = await Store.CreateAsync(Pods + "c", Objects.ConfigMap("c"));
        await Store.DeleteAsync(Pods + "b");
        var live = await watch.NextAsync(2);

        Assert.Equal(
            [(StoreEventType.Added, Pods + "a", a.ModRevision), (StoreEventType.Added, Pods + "b", b.ModRevision),
             (StoreEventType.Modified, Pods + "a", a2.ModRevision), (StoreEventType.Added, Pods + "c", c.ModRevision),
             (StoreEventType.Deleted, Pods + "b", c.ModRevision + 1)],
            replayed.Concat(live).Select(e => (e.Type, e.Object.Key, e.Revision)));
        Assert.Equal("v2", replayed[2].Object.Data());
        Assert.Equal(a.CreateRevision, replayed[2].Object.CreateRevision);
        Assert.All(replayed.Concat(live), e => Assert.Equal(e.Revision.ToString(CultureInfo.InvariantCulture), e.Object.ResourceVersion()));
    }

    [Fact]
    public async Task A_watch_from_the_middle_of_the_history_starts_after_that_revision()
    {
        var a = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));
        var b = await Store.CreateAsync(Pods + "b", Objects.ConfigMap("b"));

        await using var watch = new WatchSession(Store, Pods, a.ModRevision);

        Assert.Equal(b.ModRevision, (await watch.NextAsync()).Revision);
    }

    [Fact]
    public async Task A_watch_on_a_prefix_ignores_other_prefixes()
    {
        await using var watch = new WatchSession(Store, Pods, Store.CurrentRevision);
        await Store.CreateAsync("/registry/pods/other/x", Objects.ConfigMap("x"));
        await Store.CreateAsync("/registry/pods/default-x/y", Objects.ConfigMap("y"));
        await Store.CreateAsync("/registry/services/default/z", Objects.ConfigMap("z"));
        var mine = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));

        var first = await watch.NextAsync();

        Assert.Equal(Pods + "a", first.Object.Key);
        Assert.Equal(mine.ModRevision, first.Revision);
    }

    [Fact]
    public async Task A_deleted_event_carries_the_previous_object_stamped_with_the_deletion_revision()
    {
        var created = await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a", "v1"));
        var updated = await Store.UpdateAsync(Pods + "a", created.ModRevision, Objects.ConfigMap("a", "last"));
        await using var watch = new WatchSession(Store, Pods, Store.CurrentRevision);

        await Store.DeleteAsync(Pods + "a");
        var deleted = await watch.NextAsync();

        Assert.Equal(StoreEventType.Deleted, deleted.Type);
        Assert.Equal(updated.ModRevision + 1, deleted.Revision);
        Assert.Equal("last", deleted.Object.Data());
        Assert.Equal(Pods + "a", deleted.Object.Key);
        Assert.Equal(created.CreateRevision, deleted.Object.CreateRevision);
        Assert.Equal(deleted.Revision, deleted.Object.ModRevision);
        Assert.Equal(deleted.Revision.ToString(CultureInfo.InvariantCulture), deleted.Object.ResourceVersion());
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_throws_StoreCompactedException()
    {
        var before = Store.CurrentRevision;
        await CompactHistoryAsync();

        await using var watch = new WatchSession(Store, Pods, before);
        var compacted = await Assert.ThrowsAsync<StoreCompactedException>(watch.MoveNextAsync);

        Assert.Equal(before, compacted.RequestedRevision);
        Assert.True(compacted.OldestRevision > before + 1, $"The oldest retained revision {compacted.OldestRevision} is not after {before + 1}.");
        // The current revision is still watchable.
        await using var current = new WatchSession(Store, Pods, Store.CurrentRevision);
        var created = await Store.CreateAsync(Pods + "after", Objects.ConfigMap("after"));
        Assert.Equal(created.ModRevision, (await current.NextAsync()).Revision);
    }

    [Fact]
    public async Task Cancelling_ends_a_watch()
    {
        await using var watch = new WatchSession(Store, Pods, Store.CurrentRevision);
        await Store.CreateAsync(Pods + "a", Objects.ConfigMap("a"));
        await watch.NextAsync();
        var waiting = watch.MoveNextAsync();

        watch.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Concurrent_writers_and_a_watcher_see_every_revision_exactly_once()
    {
        const int Writers = 4;
        var start = Store.CurrentRevision;
        await using var watch = new WatchSession(Store, "/registry/", start);
        watch.Start(); // Registers before the first write; a memory store's short history would otherwise be gone.
        var acknowledged = new ConcurrentBag<long>();

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < WritesPerWriter; i++)
            {
                var key = $"/registry/stress/w{writer}/o{i % 10}";
                var existing = await Store.GetAsync(key);
                var value = Objects.ConfigMap($"o{i}", i.ToString(CultureInfo.InvariantCulture));
                if (existing is null)
                {
                    acknowledged.Add((await Store.CreateAsync(key, value)).ModRevision);
                }
                else if (i % 3 == 0)
                {
                    await Store.DeleteAsync(key, existing.ModRevision); // Returns the object's previous revision.
                }
                else
                {
                    acknowledged.Add((await Store.UpdateAsync(key, existing.ModRevision, value)).ModRevision);
                }
            }
        })).ToArray();

        var total = Writers * WritesPerWriter;
        var events = await watch.NextAsync(total);
        await Task.WhenAll(writers);

        var revisions = events.Select(e => e.Revision).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => start + i), revisions); // In order, no gaps, no duplicates.
        Assert.Equal(start + total, Store.CurrentRevision);
        Assert.Subset(revisions.ToHashSet(), acknowledged.ToHashSet());
        Assert.All(events, e => Assert.Equal(e.Revision, e.Object.ModRevision));
        // Nothing was delivered twice after them either.
        var last = await Store.CreateAsync("/registry/stress/last", Objects.ConfigMap("last"));
        Assert.Equal(last.ModRevision, (await watch.NextAsync()).Revision);
    }

    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>Writes and then drops history so that a watch from the revision before those writes is refused.</summary>
    protected abstract Task CompactHistoryAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}
