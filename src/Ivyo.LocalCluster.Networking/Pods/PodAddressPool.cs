using System.Net;

namespace Ivyo.LocalCluster.Networking.Pods;

/// <summary>
/// A node's pod addresses: <c>10.244.&lt;node&gt;.2</c> to <c>.254</c> (its podCIDR <c>10.244.&lt;node&gt;.0/24</c>),
/// handed out lowest-free first, as host-local IPAM does.
/// </summary>
public sealed class PodAddressPool(int nodeIndex)
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _used = [];

    public string PodCidr { get; } = $"10.244.{nodeIndex}.0/24";

    public IPAddress Allocate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeIndex, 1);
        lock (_lock)
        {
            for (var host = 2; host < 255; host++)
            {
                if (_used.Add(host))
                {
                    return new IPAddress([10, 244, (byte)nodeIndex, (byte)host]);
                }
            }
        }

        throw new InvalidOperationException($"node {nodeIndex}'s pod range {PodCidr} is full");
    }

    public void Release(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        lock (_lock)
        {
            _used.Remove(bytes[3]);
        }
    }
}
