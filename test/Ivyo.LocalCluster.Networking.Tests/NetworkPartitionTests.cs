using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.Networking.Namespaces;
using Ivyo.LocalCluster.Networking.Partitions;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>
/// Partitions in the router namespace: a partitioned pod reaches no other pod and not the gateway (where pods reach
/// the API server), and nothing reaches it, until healed; a node's whole pod range partitioned still talks within
/// itself.
/// </summary>
public sealed class NetworkPartitionTests : IAsyncLifetime
{
    private static readonly TimeSpan s_unreachable = TimeSpan.FromSeconds(1);
    private readonly string _name = "ivyo-p" + Guid.NewGuid().ToString("N")[..8];
    private ClusterNetwork _network = null!;

    public async Task InitializeAsync() => _network = await ClusterNetwork.CreateAsync(_name);

    public async Task DisposeAsync() => await _network.DisposeAsync();

    [Fact]
    public async Task A_partitioned_pod_is_unreachable_and_reaches_neither_pods_nor_the_api_server_until_healed()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var accepted = await host.AcceptTcpClientAsync();
                await accepted.GetStream().WriteAsync(Encoding.UTF8.GetBytes("api server here"));
            }
        });
        await using var relay = new NamespaceTcpRelay(_network.NamespacePath, new IPEndPoint(ClusterNetwork.Gateway, 6443), (IPEndPoint)host.LocalEndpoint);
        await using var isolated = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.2"));
        await using var other = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.2.2"));
        using var s1 = isolated.Serve(5432, "isolated");
        using var s2 = other.Serve(5432, "other");
        var api = new IPEndPoint(ClusterNetwork.Gateway, 6443);
        Assert.Equal("isolated saw 10.244.2.2", await other.AskAsync(new IPEndPoint(isolated.Address, 5432)));

        var partitions = new NetworkPartitions(_network);
        await partitions.IsolateAsync("pod/default/isolated", [new IPNetwork(isolated.Address, 32)]);

        AssertUnreachable(other, new IPEndPoint(isolated.Address, 5432));
        AssertUnreachable(isolated, new IPEndPoint(other.Address, 5432));
        AssertUnreachable(isolated, api);
        Assert.Equal("api server here", await other.AskAsync(api));
        Assert.Equal(["pod/default/isolated"], partitions.Names);

        Assert.True(await partitions.HealAsync("pod/default/isolated"));
        Assert.Equal("isolated saw 10.244.2.2", await other.AskAsync(new IPEndPoint(isolated.Address, 5432)));
        Assert.Equal("other saw 10.244.1.2", await isolated.AskAsync(new IPEndPoint(other.Address, 5432)));
        Assert.Equal("api server here", await isolated.AskAsync(api));
        Assert.Empty(partitions.Names);
    }

    [Fact]
    public async Task A_partitioned_node_range_talks_within_itself_only()
    {
        await using var a = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.3.2"));
        await using var b = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.3.3"));
        await using var outside = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.4.2"));
        using var server = b.Serve(8008, "b");
        var partitions = new NetworkPartitions(_network);

        await partitions.IsolateAsync("node/node-3", [IPNetwork.Parse("10.244.3.0/24")]);

        Assert.Equal("b saw 10.244.3.2", await a.AskAsync(new IPEndPoint(b.Address, 8008)));
        AssertUnreachable(outside, new IPEndPoint(b.Address, 8008));
        await partitions.HealAllAsync();
        Assert.Equal("b saw 10.244.4.2", await outside.AskAsync(new IPEndPoint(b.Address, 8008)));
    }

    [Fact]
    public async Task A_host_port_into_the_router_is_cut_by_a_partition_while_one_into_the_pod_reaches_its_loopback()
    {
        // How the HA benchmark's client reaches hippo-primary (from the router, as a pod would) and how its probe
        // asks an instance on its own loopback, which no partition cuts.
        await using var pod = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.7"));
        using var served = pod.Serve(5432, "pod");
        await using var throughRouter = NamespaceTcpRelay.IntoNamespace(() => _network.NamespacePath, new IPEndPoint(pod.Address, 5432));
        await using var intoPod = NamespaceTcpRelay.IntoNamespace(() => pod.NamespacePath, new IPEndPoint(IPAddress.Loopback, 5432));
        Assert.Equal("pod saw 10.244.0.1", await AskFromHostAsync(throughRouter.Endpoint));
        Assert.Equal("pod saw 127.0.0.1", await AskFromHostAsync(intoPod.Endpoint));

        var partitions = new NetworkPartitions(_network);
        await partitions.IsolateAsync("pod/default/p", [new IPNetwork(pod.Address, 32)]);

        // The relay accepts, but its connection from the router gets no answer: nothing arrives within a second.
        var cut = AskFromHostAsync(throughRouter.Endpoint);
        Assert.NotSame(cut, await Task.WhenAny(cut, Task.Delay(s_unreachable)));
        Assert.Equal("pod saw 127.0.0.1", await AskFromHostAsync(intoPod.Endpoint));
        Assert.True(await partitions.HealAsync("pod/default/p"));
        Assert.Equal("pod saw 10.244.0.1", await AskFromHostAsync(throughRouter.Endpoint));
    }

    private static async Task<string> AskFromHostAsync(IPEndPoint endpoint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadToEndAsync();
    }

    /// <summary>A connection attempt gets no answer at all (dropped, not refused) within a second.</summary>
    private static void AssertUnreachable(TestPod from, IPEndPoint to)
    {
        var e = Assert.ThrowsAny<Exception>(() => NamespacedSockets.Connect(from.NamespacePath, to, s_unreachable).Dispose());
        Assert.True(e is TimeoutException, $"{from.Address} -> {to}: expected no answer, got {e.GetType().Name}: {e.Message}");
    }
}
