using System.Threading.Channels;

namespace Ivyo.LocalCluster.Storage;

/// <summary>A live watch on a <see cref="MemoryObjectStore"/>: its prefix and its bounded buffer of undelivered events.</summary>
internal sealed class MemoryWatcher(string prefix, int bufferSize)
{
    public string Prefix { get; } = prefix;

    public Channel<StoreChange> Buffer { get; } = Channel.CreateBounded<StoreChange>(new BoundedChannelOptions(bufferSize)
    {
        SingleReader = true,
        SingleWriter = true, // Writes happen under the store's lock.
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of dropping, so overflow is detected.
    });
}
