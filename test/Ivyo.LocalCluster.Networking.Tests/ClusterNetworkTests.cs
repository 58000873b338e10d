using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.Networking.Namespaces;
using Ivyo.LocalCluster.Networking.Services;
using k8s.Models;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>
/// Pods in their own network namespaces reach each other through the cluster's router namespace, keeping their
/// addresses; Service virtual IPs reach their endpoints; the gateway relays to a server outside; nothing is left
/// behind in the host's network.
/// </summary>
public sealed class ClusterNetworkTests : IAsyncLifetime
{
    private readonly string _name = "ivyo-t" + Guid.NewGuid().ToString("N")[..8];
    private ClusterNetwork _network = null!;

    public async Task InitializeAsync() => _network = await ClusterNetwork.CreateAsync(_name);

    public async Task DisposeAsync() => await _network.DisposeAsync();

    [Fact]
    public async Task Pods_reach_each_other_by_address_and_see_the_real_client_address()
    {
        await using var a = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.2"));
        await using var b = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.2.2"));
        using var server = b.Serve(5432, "b");

        Assert.Equal("b saw 10.244.1.2", await a.AskAsync(new IPEndPoint(b.Address, 5432)));
    }

    [Fact]
    public async Task A_service_ip_reaches_every_ready_endpoint_and_a_pod_reaches_itself_through_it()
    {
        await using var client = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.3"));
        await using var one = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.2.3"));
        await using var two = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.3.3"));
        using var s1 = one.Serve(8008, "one");
        using var s2 = two.Serve(8008, "two");
        using var self = client.Serve(8008, "self");
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-replicas", NamespaceProperty = "db" },
            Spec = new V1ServiceSpec { ClusterIP = "10.96.7.7", Ports = [new V1ServicePort { Name = "api", Port = 80, Protocol = "TCP" }] },
        };
        var own = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "own", NamespaceProperty = "db" },
            Spec = new V1ServiceSpec { ClusterIP = "10.96.7.8", Ports = [new V1ServicePort { Port = 80 }] },
        };
        var endpoints = new Dictionary<(string, string), V1Endpoints>
        {
            [("db", "hippo-replicas")] = Endpoints("hippo-replicas", "api", one.Address, two.Address),
            [("db", "own")] = Endpoints("own", null, client.Address),
        };

        await _network.NftAsync(ServiceRules.Render([service, own], endpoints));

        var answers = new HashSet<string>();
        for (var i = 0; i < 40 && answers.Count < 2; i++)
        {
            answers.Add(await client.AskAsync(new IPEndPoint(IPAddress.Parse("10.96.7.7"), 80)));
        }

        Assert.Equal(["one saw 10.244.1.3", "two saw 10.244.1.3"], answers.Order());
        Assert.Equal("self saw 10.244.0.1", await client.AskAsync(new IPEndPoint(IPAddress.Parse("10.96.7.8"), 80)));
    }

    [Fact]
    public async Task The_gateway_relays_pods_to_a_server_on_the_hosts_loopback()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var serving = Task.Run(async () =>
        {
            using var accepted = await host.AcceptTcpClientAsync();
            await accepted.GetStream().WriteAsync(Encoding.UTF8.GetBytes("api server here"));
        });
        await using var relay = new NamespaceTcpRelay(_network.NamespacePath, new IPEndPoint(ClusterNetwork.Gateway, 6443), (IPEndPoint)host.LocalEndpoint);
        await using var pod = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.4"));

        Assert.Equal("api server here", await pod.AskAsync(new IPEndPoint(ClusterNetwork.Gateway, 6443)));
        await serving;
    }

    [Fact]
    public async Task Disposing_the_network_removes_its_namespace_and_the_pods_interfaces()
    {
        var network = await ClusterNetwork.CreateAsync(_name + "x");
        await using var pod = await TestPod.StartAsync(network, IPAddress.Parse("10.244.1.5"));
        Assert.Contains(pod.Attachment.HostInterface, await network.IpAsync(["-o", "link"]), StringComparison.Ordinal);

        await network.DisposeAsync();

        Assert.False(File.Exists(network.NamespacePath));
        // The kernel tears a namespace down asynchronously; its veth ends, and so the pods' ends, go with it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string podLinks;
        while ((podLinks = await Namespaces.Command.RunAsync("/usr/bin/nsenter",
            ["--target", pod.NamespaceProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net", "--", "/usr/sbin/ip", "-o", "link"])).Contains("eth0", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, podLinks);
            await Task.Delay(50);
        }
    }

    private static V1Endpoints Endpoints(string name, string? portName, params IPAddress[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "db" },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [.. addresses.Select(a => new V1EndpointAddress { Ip = a.ToString() })],
                Ports = [new Corev1EndpointPort { Name = portName, Port = 8008, Protocol = "TCP" }],
            },
        ],
    };
}
