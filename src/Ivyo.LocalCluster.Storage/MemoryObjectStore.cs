using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> in memory, for tests and envtest: starts instantly, keeps nothing on disk.
/// </summary>
/// <remarks>
/// <para>
/// All writes are serialized by one lock, which assigns the next global revision, appends the event to a bounded history
/// (<see cref="MemoryObjectStoreOptions.HistoryLimit"/>) and offers it to every matching watcher's bounded channel.
/// A watch registers under the same lock in which it copies the history it replays, so it sees every later write exactly
/// once, in revision order.
/// </para>
/// <para>
/// Writers never wait for watchers: a watcher whose buffer (<see cref="MemoryObjectStoreOptions.WatchBufferSize"/>) is
/// full is dropped, and its stream ends, after the events it already buffered, with <see cref="StoreCompactedException"/>
/// — the exception the API server already turns into 410 Gone, after which a client relists and watches again.
/// Cancelling a watch ends it with <see cref="OperationCanceledException"/>; disposing the store ends every watch
/// normally.
/// </para>
/// </remarks>
public sealed class MemoryObjectStore(MemoryObjectStoreOptions? options = null, ILogger<MemoryObjectStore>? logger = null)
    : IObjectStore
{
    private readonly MemoryObjectStoreOptions _options = Validate(options ?? new MemoryObjectStoreOptions());
    private readonly ILogger _logger = logger ?? NullLogger<MemoryObjectStore>.Instance;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _objects = new(StringComparer.Ordinal);
    private readonly Queue<StoreChange> _history = new();
    private readonly List<MemoryWatcher> _watchers = [];
    private long _revision;
    private long _compactedThrough;
    private bool _disposed;

    public long CurrentRevision => Interlocked.Read(ref _revision);

    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        Entry? entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _objects.TryGetValue(key, out entry);
        }

        return Task.FromResult(entry is null ? null : entry.ToStoredObject(key));
    }

    public Task<StoreList> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        List<KeyValuePair<string, Entry>> matches;
        long revision;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            matches = [.. _objects.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal))];
            revision = _revision;
        }

        matches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult(new StoreList([.. matches.Select(pair => pair.Value.ToStoredObject(pair.Key))], revision));
    }

    public Task<StoredObject> CreateAsync(string key, JsonObject value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = StoredJson.Serialize(value);
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_objects.TryGetValue(key, out var existing))
            {
                throw new StoreConflictException(StoreConflictKind.AlreadyExists, key, existing.ModRevision);
            }

            var revision = _revision + 1;
            entry = new Entry(bytes, revision, revision);
            _objects[key] = entry;
            Commit(new StoreChange(StoreEventType.Added, key, bytes, revision, revision));
        }

        return Task.FromResult(entry.ToStoredObject(key));
    }

    public Task<StoredObject> UpdateAsync(string key, long expectedRevision, JsonObject value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = StoredJson.Serialize(value);
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var existing = Existing(key, expectedRevision);
            var revision = _revision + 1;
            entry = new Entry(bytes, existing.CreateRevision, revision);
            _objects[key] = entry;
            Commit(new StoreChange(StoreEventType.Modified, key, bytes, existing.CreateRevision, revision));
        }

        return Task.FromResult(entry.ToStoredObject(key));
    }

    public Task<StoredObject> DeleteAsync(string key, long? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        Entry existing;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            existing = Existing(key, expectedRevision);
            _objects.Remove(key);
            Commit(new StoreChange(StoreEventType.Deleted, key, existing.Value, existing.CreateRevision, _revision + 1));
        }

        return Task.FromResult(existing.ToStoredObject(key));
    }

    public async IAsyncEnumerable<StoreEvent> WatchAsync(
        string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        cancellationToken.ThrowIfCancellationRequested();
        StoreChange[] replay;
        var watcher = new MemoryWatcher(prefix, _options.WatchBufferSize);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (afterRevision < _compactedThrough)
            {
                throw new StoreCompactedException(afterRevision, _compactedThrough + 1);
            }

            replay = [.. _history.Where(change => change.Revision > afterRevision && Matches(change, prefix))];
            _watchers.Add(watcher);
        }

        try
        {
            foreach (var change in replay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return change.ToEvent();
            }

            var reader = watcher.Buffer.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var change))
                {
                    // A watch may start after the current revision; earlier live writes are not its.
                    if (change.Revision > afterRevision)
                    {
                        yield return change.ToEvent();
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Buffer.Writer.TryComplete();
            }

            _watchers.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private static MemoryObjectStoreOptions Validate(MemoryObjectStoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryLimit, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchBufferSize, 1, nameof(options));
        return options;
    }

    private static bool Matches(StoreChange change, string prefix) => change.Key.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The object a precondition-checked write replaces; call under the lock.</summary>
    private Entry Existing(string key, long? expectedRevision)
    {
        if (!_objects.TryGetValue(key, out var existing))
        {
            throw new StoreConflictException(StoreConflictKind.NotFound, key, 0);
        }

        if (expectedRevision is { } expected && existing.ModRevision != expected)
        {
            throw new StoreConflictException(StoreConflictKind.Conflict, key, existing.ModRevision);
        }

        return existing;
    }

    /// <summary>Publishes a write that has been applied to <see cref="_objects"/>; call under the lock.</summary>
    private void Commit(StoreChange change)
    {
        Interlocked.Exchange(ref _revision, change.Revision);
        _history.Enqueue(change);
        while (_history.Count > _options.HistoryLimit)
        {
            _compactedThrough = _history.Dequeue().Revision;
        }

        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            var watcher = _watchers[i];
            if (Matches(change, watcher.Prefix) && !watcher.Buffer.Writer.TryWrite(change))
            {
                watcher.Buffer.Writer.TryComplete(new StoreCompactedException(change.Revision - 1, _compactedThrough + 1));
                _watchers.RemoveAt(i);
                MemoryObjectStoreLog.WatcherOverflowed(_logger, watcher.Prefix, change.Revision, _options.WatchBufferSize);
            }
        }
    }

    private sealed record Entry(byte[] Value, long CreateRevision, long ModRevision)
    {
        public StoredObject ToStoredObject(string key) => StoredJson.ToStoredObject(key, Value, CreateRevision, ModRevision);
    }
}
