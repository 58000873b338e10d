using System.Net;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Networking.Dns;
using Ivyo.LocalCluster.Networking.Services;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>
/// Pods resolve Service and StatefulSet-style pod names through the kube-dns Service address, answered by dnsmasq in
/// the cluster namespace from the API's objects.
/// </summary>
public sealed class ClusterDnsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ivyo-dns-").FullName;
    private ClusterNetwork _network = null!;
    private ApiServer.Hosting.ApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _network = await ClusterNetwork.CreateAsync("ivyo-d" + Guid.NewGuid().ToString("N")[..8]);
        _server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        _client = await _server.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _network.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Services_and_pods_of_headless_services_resolve_in_cluster_local()
    {
        await using var proxy = new ServiceProxy(_network, _client, NullLoggerFactory.Instance);
        await using var dns = await ClusterDns.StartAsync(_network, _client, _directory, NullLoggerFactory.Instance);
        await using var pod = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.20"));
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "db" } });
        var primary = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-primary" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }] },
        }, "db");
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-pods" },
            Spec = new V1ServiceSpec { ClusterIP = "None", Selector = new Dictionary<string, string> { ["app"] = "db" } },
        }, "db");
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "hippo-instance1-abcd-0", Labels = new Dictionary<string, string> { ["app"] = "db" } },
            Spec = new V1PodSpec { Hostname = "hippo-instance1-abcd-0", Subdomain = "hippo-pods", Containers = [new V1Container { Name = "db", Image = "debian:12" }] },
        }, "db");
        var created = await _client.CoreV1.ReadNamespacedPodAsync("hippo-instance1-abcd-0", "db");
        created.Status.PodIP = "10.244.2.7";
        await _client.CoreV1.ReplaceNamespacedPodStatusAsync(created, "hippo-instance1-abcd-0", "db");
        var server = new IPEndPoint(IPAddress.Parse(ClusterDns.ServiceIp), 53);

        Assert.Equal([IPAddress.Parse(primary.Spec.ClusterIP)], await EventuallyAsync(() => DnsQuery.ResolveAsync(pod.NamespacePath, server, "hippo-primary.db.svc.cluster.local")));
        Assert.Equal([IPAddress.Parse("10.244.2.7")], await EventuallyAsync(() => DnsQuery.ResolveAsync(pod.NamespacePath, server, "hippo-instance1-abcd-0.hippo-pods.db.svc.cluster.local")));
        Assert.Equal([IPAddress.Parse("10.96.0.1")], await EventuallyAsync(() => DnsQuery.ResolveAsync(pod.NamespacePath, server, "kubernetes.default.svc.cluster.local")));
        Assert.Empty(await DnsQuery.ResolveAsync(pod.NamespacePath, server, "absent.db.svc.cluster.local"));
    }

    private static async Task<IReadOnlyList<IPAddress>> EventuallyAsync(Func<Task<IReadOnlyList<IPAddress>>> resolve)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var addresses = await resolve();
                if (addresses.Count > 0)
                {
                    return addresses;
                }

                last = "no addresses";
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"the name never resolved; last: {last}");
    }
}
