using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// The API server's real in-memory store, with one fault a test can arm: the next <c>n</c> updates that match a
/// predicate fail as a storage error would (etcd timing out), which the API server answers with 500. It shows what a
/// node agent does when one of its writes fails for a reason other than a conflict or an unreachable server.
/// </summary>
public sealed class FaultInjectingStore(IObjectStore inner) : IObjectStore
{
    private readonly Lock _lock = new();
    private Func<string, JsonObject, bool>? _matches;
    private int _remaining;
    private int _failed;

    /// <summary>How many updates the armed fault has failed so far.</summary>
    public int Failed
    {
        get
        {
            lock (_lock)
            {
                return _failed;
            }
        }
    }

    /// <summary>Fails the next <paramref name="times"/> updates for which <paramref name="matches"/> (key, new value) holds.</summary>
    public void FailUpdates(Func<string, JsonObject, bool> matches, int times)
    {
        lock (_lock)
        {
            _matches = matches;
            _remaining = times;
            _failed = 0;
        }
    }

    public long CurrentRevision => inner.CurrentRevision;

    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<StoreList> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StoredObject> CreateAsync(string key, JsonObject value, CancellationToken cancellationToken = default) => inner.CreateAsync(key, value, cancellationToken);

    public Task<StoredObject> UpdateAsync(string key, long expectedRevision, JsonObject value, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_remaining > 0 && _matches is { } matches && matches(key, value))
            {
                _remaining--;
                _failed++;
                throw new IOException($"injected storage failure for {key}");
            }
        }

        return inner.UpdateAsync(key, expectedRevision, value, cancellationToken);
    }

    public Task<StoredObject> DeleteAsync(string key, long? expectedRevision = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedRevision, cancellationToken);

    public IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
