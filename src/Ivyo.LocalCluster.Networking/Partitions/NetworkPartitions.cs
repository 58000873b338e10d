using System.Net;

namespace Ivyo.LocalCluster.Networking.Partitions;

/// <summary>
/// The partitions in force on a <see cref="ClusterNetwork"/>, by name (such as <c>pod/db/hippo-0</c> or
/// <c>node/node-2</c>): isolating or healing one re-renders <see cref="PartitionRules"/> and loads it atomically.
/// </summary>
public sealed class NetworkPartitions(ClusterNetwork network)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SortedDictionary<string, IReadOnlyList<IPNetwork>> _partitions = new(StringComparer.Ordinal);

    /// <summary>The names of the partitions in force.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            _lock.Wait();
            try
            {
                return [.. _partitions.Keys];
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>Cuts <paramref name="members"/> off from every address outside them and from the router; replaces a partition of the same name.</summary>
    public Task IsolateAsync(string name, IReadOnlyList<IPNetwork> members, CancellationToken cancellationToken = default) =>
        ChangeAsync(partitions => partitions[name] = members, cancellationToken);

    /// <summary>Heals one partition; false when there was none of that name.</summary>
    public async Task<bool> HealAsync(string name, CancellationToken cancellationToken = default)
    {
        var removed = false;
        await ChangeAsync(partitions => removed = partitions.Remove(name), cancellationToken);
        return removed;
    }

    /// <summary>Heals every partition.</summary>
    public Task HealAllAsync(CancellationToken cancellationToken = default) => ChangeAsync(partitions => partitions.Clear(), cancellationToken);

    private async Task ChangeAsync(Action<SortedDictionary<string, IReadOnlyList<IPNetwork>>> change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            change(_partitions);
            await network.NftAsync(PartitionRules.Render([.. _partitions.Values]), cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }
}
