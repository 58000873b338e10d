using System.Net;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Networking.Services;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>The Service proxy follows the API: a Service created with kubectl's objects becomes reachable, and follows its Endpoints.</summary>
public sealed class ServiceProxyTests : IAsyncLifetime
{
    private ClusterNetwork _network = null!;
    private ApiServer.Hosting.ApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _network = await ClusterNetwork.CreateAsync("ivyo-p" + Guid.NewGuid().ToString("N")[..8]);
        _server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        _client = await _server.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task A_service_follows_its_endpoints()
    {
        await using var proxy = new ServiceProxy(_network, _client, NullLoggerFactory.Instance);
        await using var client = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.1.10"));
        await using var first = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.2.10"));
        await using var second = await TestPod.StartAsync(_network, IPAddress.Parse("10.244.3.10"));
        using var s1 = first.Serve(5432, "first");
        using var s2 = second.Serve(5432, "second");
        var service = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-primary" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgres", Port = 5432, TargetPort = 5432 }] },
        }, "default");
        var vip = new IPEndPoint(IPAddress.Parse(service.Spec.ClusterIP), 5432);

        await _client.CoreV1.CreateNamespacedEndpointsAsync(Endpoints(first.Address), "default");
        Assert.Equal("first saw 10.244.1.10", await EventuallyAsync(() => client.AskAsync(vip), a => a.StartsWith("first", StringComparison.Ordinal)));

        var endpoints = await _client.CoreV1.ReadNamespacedEndpointsAsync("hippo-primary", "default");
        endpoints.Subsets = Endpoints(second.Address).Subsets;
        await _client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "hippo-primary", "default");
        Assert.Equal("second saw 10.244.1.10", await EventuallyAsync(() => client.AskAsync(vip), a => a.StartsWith("second", StringComparison.Ordinal)));
    }

    private static V1Endpoints Endpoints(IPAddress address) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hippo-primary" },
        Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = address.ToString() }], Ports = [new Corev1EndpointPort { Name = "postgres", Port = 5432 }] }],
    };

    private static async Task<string> EventuallyAsync(Func<Task<string>> ask, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ask();
                if (done(last))
                {
                    return last;
                }
            }
            catch (System.Net.Sockets.SocketException e)
            {
                last = e.Message;
            }
            catch (TimeoutException e)
            {
                last = e.Message;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"the service never answered as expected; last: {last}");
    }
}
