using System.Net;
using Ivyo.LocalCluster.Networking.Namespaces;

namespace Ivyo.LocalCluster.Networking;

/// <summary>
/// The local cluster's network, all inside one network namespace the cluster creates (<c>ivyo-&lt;name&gt;</c>), so
/// nothing is configured in the host's. That namespace is the router: it holds the gateway address, forwards between
/// pods, and applies the Service rules. Each pod's namespace is joined to it by a veth pair, with a /32 address and a
/// default route via the gateway (the way Calico wires pods), so every packet between pods passes the router, where
/// Service DNAT keeps client addresses and a partition is one drop rule.
/// </summary>
public sealed class ClusterNetwork : IAsyncDisposable
{
    /// <summary>The pods' address range; node <c>n</c> allocates from <c>10.244.n.0/24</c>.</summary>
    public static readonly IPNetwork PodRange = IPNetwork.Parse("10.244.0.0/16");

    /// <summary>The Services' virtual range, as the API server allocates ClusterIPs.</summary>
    public static readonly IPNetwork ServiceRange = IPNetwork.Parse("10.96.0.0/16");

    /// <summary>The router's own address: pods' default gateway, where the API server and DNS answer.</summary>
    public static readonly IPAddress Gateway = IPAddress.Parse("10.244.0.1");

    private readonly NetworkTools _tools;

    private ClusterNetwork(string name, NetworkTools tools)
    {
        Name = name;
        _tools = tools;
    }

    /// <summary>The network namespace's name (<c>ip netns</c>).</summary>
    public string Name { get; }

    /// <summary>The namespace's path, for setns(2) and nsenter(1).</summary>
    public string NamespacePath => "/run/netns/" + Name;

    public NetworkTools Tools => _tools;

    /// <summary>Creates the namespace (replacing a leftover of the same name) with the gateway and forwarding on.</summary>
    public static async Task<ClusterNetwork> CreateAsync(string name, NetworkTools? tools = null, CancellationToken cancellationToken = default)
    {
        tools ??= new NetworkTools();
        tools.EnsureUsable();
        if (File.Exists("/run/netns/" + name))
        {
            await Command.RunAsync(tools.Ip, ["netns", "delete", name], cancellationToken: cancellationToken);
        }

        await Command.RunAsync(tools.Ip, ["netns", "add", name], cancellationToken: cancellationToken);
        var network = new ClusterNetwork(name, tools);
        try
        {
            await network.IpAsync(["link", "set", "lo", "up"], cancellationToken);
            await network.IpAsync(["address", "add", Gateway + "/32", "dev", "lo"], cancellationToken);
            await network.ExecAsync(["/usr/sbin/sysctl", "-q", "-w", "net.ipv4.ip_forward=1"], cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>ip</c> inside the cluster namespace.</summary>
    public Task<string> IpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        Command.RunAsync(_tools.Ip, ["-n", Name, .. arguments], cancellationToken: cancellationToken);

    /// <summary>Loads an nftables script inside the cluster namespace, atomically.</summary>
    public Task NftAsync(string script, CancellationToken cancellationToken = default) =>
        Command.RunAsync(_tools.Ip, ["netns", "exec", Name, _tools.Nft, "-f", "-"], script, cancellationToken);

    /// <summary>Runs a command inside the cluster namespace.</summary>
    public Task<string> ExecAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        Command.RunAsync(_tools.Ip, ["netns", "exec", Name, .. command], cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace removes its veth ends (and with them the pods' ends), addresses, routes and rules.
        try
        {
            await Command.RunAsync(_tools.Ip, ["netns", "delete", Name]);
        }
        catch (NetworkCommandException)
        {
            // Already gone.
        }
    }
}
