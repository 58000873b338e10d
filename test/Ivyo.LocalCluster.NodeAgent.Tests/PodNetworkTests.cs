using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Networking;
using Ivyo.LocalCluster.Networking.Dns;
using Ivyo.LocalCluster.Networking.Namespaces;
using Ivyo.LocalCluster.Networking.Services;
using Ivyo.LocalCluster.NodeAgent.Node;
using Ivyo.LocalCluster.NodeAgent.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// Pods the node agent runs join the cluster network: each gets an address of its node's range, reaches other pods
/// by address, and resolves Service names through cluster DNS from its resolv.conf.
/// </summary>
public sealed class PodNetworkTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-podnet-").FullName;
    private ApiServer.Hosting.ApiServer _server = null!;
    private Kubernetes _client = null!;
    private ClusterNetwork _network = null!;
    private ServiceProxy _proxy = null!;
    private ClusterDns _dns = null!;
    private Node.NodeAgent _agent = null!;

    public async Task InitializeAsync()
    {
        Namespaces.Require();
        _server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        _client = await _server.CreateAdminClientAsync();
        _network = await ClusterNetwork.CreateAsync("ivyo-n" + Guid.NewGuid().ToString("N")[..8]);
        _proxy = new ServiceProxy(_network, _client, NullLoggerFactory.Instance);
        _dns = await ClusterDns.StartAsync(_network, _client, Path.Combine(_data, "dns"), NullLoggerFactory.Instance);
        _agent = await Node.NodeAgent.StartAsync(new NodeAgentOptions
        {
            NodeName = "node-3",
            NodeIndex = 3,
            DataDirectory = Path.Combine(_data, "node"),
            Client = _client,
            ServingCertificate = _server.Credentials.IssueKubeletServing("node-3", [], DateTimeOffset.UtcNow),
            ClusterAuthority = _server.Credentials.Authority.Certificate,
            Network = _network,
            ClusterDns = ClusterDns.ServiceIp,
            Backoff = new RestartBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        });
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _dns.DisposeAsync();
        await _proxy.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        await _network.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_pod_gets_an_address_of_its_nodes_range_and_reaches_another_pod_by_it()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("server", "exec sleep 1000"), "default");
        var server = await WaitForAsync("server", p => p.Status?.PodIP is { Length: > 0 } && Ready(p));
        Assert.StartsWith("10.244.3.", server.Status.PodIP, StringComparison.Ordinal);
        Assert.Equal(server.Status.PodIP, server.Status.PodIPs.Single().Ip);

        var process = _agent.Containers.Find("default", "server", "main")!.Process!;
        using var listener = NamespacedSockets.Listen($"/proc/{process.MainProcessId}/ns/net", new IPEndPoint(IPAddress.Any, 7000));
        var clientPod = Pod("client", $"echo hello from $(hostname) at $MY_IP > /dev/tcp/{server.Status.PodIP}/7000; exec sleep 1000");
        clientPod.Spec.Containers[0].Env = [new V1EnvVar { Name = "MY_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } }];
        await _client.CoreV1.CreateNamespacedPodAsync(clientPod, "default");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var accepted = await listener.AcceptAsync(timeout.Token);
        var message = await new StreamReader(new NetworkStream(accepted)).ReadToEndAsync(timeout.Token);
        // The container can run (and send) before the node agent's status update with the address reaches the API
        // server, as with a kubelet; wait for the status rather than read it once.
        var client = await WaitForAsync("client", p => p.Status?.PodIP is { Length: > 0 });
        Assert.Equal($"hello from client at {client.Status.PodIP}\n", message);
        Assert.Equal(client.Status.PodIP, ((IPEndPoint)accepted.RemoteEndPoint!).Address.ToString());
    }

    [Fact]
    public async Task A_pod_resolves_services_by_short_name_through_cluster_dns()
    {
        var service = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-primary" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }] },
        }, "default");

        await _client.CoreV1.CreateNamespacedPodAsync(Pod("resolver",
            "until getent hosts hippo-primary; do sleep 0.2; done; getent hosts kubernetes.default; grep -c nameserver /etc/resolv.conf; exec sleep 1000"), "default");

        var output = await LogsAsync("resolver", lines => lines.Length >= 3);
        Assert.StartsWith($"{service.Spec.ClusterIP} ", output[0], StringComparison.Ordinal);
        Assert.Contains("hippo-primary.default.svc.cluster.local", output[0], StringComparison.Ordinal);
        Assert.StartsWith("10.96.0.1 ", output[1], StringComparison.Ordinal);
        Assert.Equal("1", output[2]);
    }

    private static V1Pod Pod(string name, string script) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeName = "node-3",
            Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["/bin/bash", "-c", script] }],
        },
    };

    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task<V1Pod> WaitForAsync(string name, Func<V1Pod, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, "default");
            if (done(pod))
            {
                return pod;
            }

            Assert.True(DateTime.UtcNow < deadline, $"pod {name} never got there: {KubernetesJson.Serialize(pod.Status)}");
            await Task.Delay(100);
        }
    }

    private async Task<string[]> LogsAsync(string pod, Func<string[], bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = Array.Empty<string>();
            if (_agent.Containers.Find("default", pod, "main") is { } container && File.Exists(container.LogPath))
            {
                lines = [.. (await File.ReadAllLinesAsync(container.LogPath)).Select(l => l.Split(' ', 4)[3])];
                if (done(lines))
                {
                    return lines;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"pod {pod} never logged enough: {string.Join('\n', lines)}");
            await Task.Delay(100);
        }
    }
}
