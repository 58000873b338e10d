using System.Globalization;
using System.Net;

namespace Ivyo.LocalCluster.Networking.Pods;

/// <summary>
/// Joins one pod's network namespace to the cluster network, as a CNI plugin's ADD does: a veth pair whose pod end is
/// <c>eth0</c> with the pod's /32 address and a default route via the gateway, and whose router end carries the route
/// to that address. Detaching deletes the pair.
/// </summary>
public sealed class PodNetworkAttachment
{
    private readonly ClusterNetwork _network;

    private PodNetworkAttachment(ClusterNetwork network, string hostInterface, IPAddress address)
    {
        _network = network;
        HostInterface = hostInterface;
        Address = address;
    }

    public IPAddress Address { get; }

    /// <summary>The router's end of the pair (<c>iv</c> + 8 hex digits: interface names have 15 characters at most).</summary>
    public string HostInterface { get; }

    /// <param name="podNamespaceProcess">A process inside the pod's network namespace (the sandbox holder).</param>
    public static async Task<PodNetworkAttachment> AttachAsync(
        ClusterNetwork network, int podNamespaceProcess, IPAddress address, CancellationToken cancellationToken = default)
    {
        var hostInterface = "iv" + Convert.ToHexStringLower(address.GetAddressBytes());
        var pid = podNamespaceProcess.ToString(CultureInfo.InvariantCulture);
        var ip = network.Tools.Ip;
        await network.IpAsync(["link", "add", hostInterface, "type", "veth", "peer", "name", "eth0", "netns", pid], cancellationToken);
        try
        {
            await network.IpAsync(["link", "set", hostInterface, "up"], cancellationToken);
            await network.IpAsync(["route", "add", address + "/32", "dev", hostInterface], cancellationToken);
            var gateway = ClusterNetwork.Gateway.ToString();
            foreach (var arguments in new[]
            {
                new[] { "address", "add", address + "/32", "dev", "eth0" },
                ["link", "set", "eth0", "up"],
                ["route", "add", gateway, "dev", "eth0", "scope", "link"],
                ["route", "add", "default", "via", gateway, "dev", "eth0"],
            })
            {
                await Namespaces.Command.RunAsync("/usr/bin/nsenter", ["--target", pid, "--net", "--", ip, .. arguments], cancellationToken: cancellationToken);
            }

            return new PodNetworkAttachment(network, hostInterface, address);
        }
        catch
        {
            await network.IpAsync(["link", "delete", hostInterface], CancellationToken.None);
            throw;
        }
    }

    public async Task DetachAsync()
    {
        try
        {
            await _network.IpAsync(["link", "delete", HostInterface]);
        }
        catch (Namespaces.NetworkCommandException)
        {
            // The pod's namespace went first and took the pair with it.
        }
    }
}
