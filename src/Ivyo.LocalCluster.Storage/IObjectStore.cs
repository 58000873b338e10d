using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// Where the API server keeps objects, with etcd3's semantics as Kubernetes' storage layer uses them: one global,
/// monotonically increasing revision; every write gets the next revision; compare-and-swap on an object's revision;
/// watch from any retained revision. Keys look like <c>/registry/{group}/{resource}/{namespace}/{name}</c>.
/// </summary>
/// <remarks>
/// Objects are stored as given; the store stamps <c>metadata.resourceVersion</c> with the object's modification
/// revision on every object it returns (as Kubernetes' etcd3 store does), and never stores that field.
/// </remarks>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>The revision of the latest write (0 before any).</summary>
    long CurrentRevision { get; }

    /// <summary>The object at <paramref name="key"/>, or null.</summary>
    Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, sorted by key, and the revision they were read at.</summary>
    Task<StoreList> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Creates the object; throws <see cref="StoreConflictException"/> (kind AlreadyExists) when the key exists.</summary>
    Task<StoredObject> CreateAsync(string key, JsonObject value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the object if its modification revision is still <paramref name="expectedRevision"/>; throws
    /// <see cref="StoreConflictException"/> (kind Conflict) if it changed, or (kind NotFound) if it is gone.
    /// </summary>
    Task<StoredObject> UpdateAsync(string key, long expectedRevision, JsonObject value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the object, if <paramref name="expectedRevision"/> is null or still current; returns the deleted object
    /// as it was (stamped with its last modification revision, not the deletion's; the Deleted watch event has that).
    /// Throws <see cref="StoreConflictException"/> (NotFound or Conflict).
    /// </summary>
    Task<StoredObject> DeleteAsync(string key, long? expectedRevision = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events for keys under <paramref name="prefix"/> with revisions greater than <paramref name="afterRevision"/>,
    /// in revision order, until cancelled. Throws <see cref="StoreCompactedException"/> when
    /// <paramref name="afterRevision"/> is older than the history the store retains (Kubernetes' 410 Gone).
    /// </summary>
    IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);
}

/// <summary>An object and the revisions of its creation and last modification.</summary>
public sealed record StoredObject(string Key, JsonObject Value, long CreateRevision, long ModRevision);

/// <summary>The objects under a prefix as of one revision.</summary>
public sealed record StoreList(IReadOnlyList<StoredObject> Items, long Revision);

public enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One change. For <see cref="StoreEventType.Deleted"/>, <see cref="Object"/> is the object as it was before deletion,
/// stamped with the deletion's revision, as Kubernetes' watch delivers it.
/// </summary>
public sealed record StoreEvent(StoreEventType Type, StoredObject Object, long Revision);

public enum StoreConflictKind
{
    AlreadyExists,
    NotFound,
    Conflict,
}

/// <summary>A write that did not happen because the object exists, is gone, or changed.</summary>
public sealed class StoreConflictException(StoreConflictKind kind, string key, long currentRevision)
    : Exception($"{kind}: {key} (current revision {currentRevision})")
{
    public StoreConflictKind Kind { get; } = kind;

    public string Key { get; } = key;

    /// <summary>The object's current modification revision, or 0 when it does not exist.</summary>
    public long CurrentRevision { get; } = currentRevision;
}

/// <summary>A watch asked for history the store no longer has.</summary>
public sealed class StoreCompactedException(long requestedRevision, long oldestRevision)
    : Exception($"The requested revision {requestedRevision} has been compacted; the oldest retained is {oldestRevision}.")
{
    public long RequestedRevision { get; } = requestedRevision;

    public long OldestRevision { get; } = oldestRevision;
}
