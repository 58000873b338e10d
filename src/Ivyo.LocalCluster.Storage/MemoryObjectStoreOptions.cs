namespace Ivyo.LocalCluster.Storage;

/// <summary>Bounds of a <see cref="MemoryObjectStore"/>.</summary>
public sealed record MemoryObjectStoreOptions
{
    /// <summary>How many of the latest events are kept for watches that start at an older revision.</summary>
    public int HistoryLimit { get; init; } = 10_000;

    /// <summary>
    /// How many live events one watcher may have undelivered; a watcher that falls further behind has its stream ended
    /// with <see cref="StoreCompactedException"/>.
    /// </summary>
    public int WatchBufferSize { get; init; } = 10_000;
}
