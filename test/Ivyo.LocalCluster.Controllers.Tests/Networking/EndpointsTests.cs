using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Networking;

public sealed class EndpointsTests
{
    private const string Ns = "default";

    private static V1Service Service(string name, bool publishNotReady = false, bool withSelector = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["team"] = "db" } },
        Spec = new V1ServiceSpec
        {
            Selector = withSelector ? Pods.Labels("web") : null,
            PublishNotReadyAddresses = publishNotReady,
            Ports =
            [
                new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" },
                new V1ServicePort { Name = "metrics", Port = 9187, TargetPort = 9187 },
            ],
        },
    };

    private static async Task CreatePod(Kubernetes client, string name, string ip, bool ready, string? node = null)
    {
        var template = Pods.Template(Pods.Labels("web"), ports: [new V1ContainerPort { Name = "web", ContainerPort = 8080 }]);
        template.Spec.NodeName = node;
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = name, Labels = template.Metadata.Labels }, Spec = template.Spec }, Ns);
        await Pods.SetStatusAsync(client, Ns, name, ready, ip);
    }

    private static async Task<V1Endpoints?> TryEndpoints(Kubernetes client, string name)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedEndpointsAsync(name, Ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static IEnumerable<string> Ips(IEnumerable<V1EndpointAddress>? addresses) => addresses?.Select(a => a.Ip) ?? [];

    [Fact]
    public async Task Endpoints_list_ready_pods_as_addresses_resolve_named_ports_and_drop_terminating_pods()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Endpoints);
        var client = cluster.Client;
        await CreatePod(client, "a", "10.1.0.1", ready: true, node: "node-a");
        await CreatePod(client, "b", "10.1.0.2", ready: false);
        await client.CoreV1.CreateNamespacedServiceAsync(Service("web"), Ns);

        var endpoints = await Eventually.Get(() => TryEndpoints(client, "web"), e => e?.Subsets?.Count == 1 && e.Subsets[0].NotReadyAddresses?.Count == 1, "a ready and a not-ready address");
        var subset = endpoints!.Subsets[0];
        Assert.Equal(["10.1.0.1"], Ips(subset.Addresses));
        Assert.Equal(["10.1.0.2"], Ips(subset.NotReadyAddresses));
        Assert.Equal([("http", 8080), ("metrics", 9187)], subset.Ports.Select(p => (p.Name, p.Port)).Order().ToArray());
        var address = subset.Addresses[0];
        Assert.Equal(("Pod", "a", "node-a"), (address.TargetRef.Kind, address.TargetRef.Name, address.NodeName));
        Assert.Equal("db", endpoints.Metadata.Labels["team"]);

        await Pods.SetStatusAsync(client, Ns, "b", ready: true);
        await Eventually.Until(async () => await TryEndpoints(client, "web") is { } e && Ips(e.Subsets[0].Addresses).Count() == 2 && e.Subsets[0].NotReadyAddresses is null,
            "both pods are ready addresses");

        // a has a node, so its deletion is graceful: terminating, it is no longer an endpoint.
        await client.CoreV1.DeleteNamespacedPodAsync("a", Ns);
        await Eventually.Until(async () => await TryEndpoints(client, "web") is { } e && Ips(e.Subsets[0].Addresses).SequenceEqual(["10.1.0.2"]) && e.Subsets[0].NotReadyAddresses is null,
            "the terminating pod is gone from the endpoints");

        await client.CoreV1.DeleteNamespacedServiceAsync("web", Ns);
        await Eventually.Until(async () => await TryEndpoints(client, "web") is null, "the endpoints go with the service");
    }

    [Fact]
    public async Task PublishNotReadyAddresses_lists_unready_pods_as_ready_addresses()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Endpoints);
        var client = cluster.Client;
        await CreatePod(client, "a", "10.1.0.1", ready: false);
        await client.CoreV1.CreateNamespacedServiceAsync(Service("web", publishNotReady: true), Ns);
        var endpoints = await Eventually.Get(() => TryEndpoints(client, "web"), e => e?.Subsets?.Count == 1, "the endpoints");
        Assert.Equal(["10.1.0.1"], Ips(endpoints!.Subsets[0].Addresses));
        Assert.Null(endpoints.Subsets[0].NotReadyAddresses);
    }

    [Fact]
    public async Task Endpoints_of_a_service_without_selector_are_left_alone()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Endpoints);
        var client = cluster.Client;
        await CreatePod(client, "a", "10.1.0.1", ready: true);
        await client.CoreV1.CreateNamespacedServiceAsync(Service("pg-ha", withSelector: false), Ns);
        var manual = await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "pg-ha", Annotations = new Dictionary<string, string> { ["leader"] = "pg-0" } },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.9.9.9" }], Ports = [new Corev1EndpointPort { Name = "postgres", Port = 5432 }] }],
        }, Ns);
        var leaderOnly = await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "pg-config" } }, Ns);

        // Once the controller has written the Endpoints of a later service, it has seen the earlier ones.
        await client.CoreV1.CreateNamespacedServiceAsync(Service("web"), Ns);
        await Eventually.Until(async () => await TryEndpoints(client, "web") is { Subsets.Count: 1 }, "the selector service has endpoints");
        var after = await client.CoreV1.ReadNamespacedEndpointsAsync("pg-ha", Ns);
        Assert.Equal(manual.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("10.9.9.9", after.Subsets[0].Addresses[0].Ip);
        Assert.Equal(leaderOnly.Metadata.ResourceVersion, (await client.CoreV1.ReadNamespacedEndpointsAsync("pg-config", Ns)).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task EndpointSlices_carry_the_service_labels_and_ready_serving_terminating_conditions()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.EndpointSlices);
        var client = cluster.Client;
        await CreatePod(client, "a", "10.1.0.1", ready: true, node: "node-a");
        await CreatePod(client, "b", "10.1.0.2", ready: false);
        var service = await client.CoreV1.CreateNamespacedServiceAsync(Service("web"), Ns);

        async Task<V1EndpointSlice?> Slice() =>
            (await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns, labelSelector: "kubernetes.io/service-name=web")).Items.SingleOrDefault();
        var slice = await Eventually.Get(Slice, s => s?.Endpoints?.Count == 2, "a slice with two endpoints");
        Assert.Equal("endpointslice-controller.k8s.io", slice!.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("db", slice.Metadata.Labels["team"]);
        Assert.Equal("IPv4", slice.AddressType);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal((service.Metadata.Uid, "Service", true), (owner.Uid, owner.Kind, owner.Controller));
        Assert.Equal([("http", 8080), ("metrics", 9187)], slice.Ports.Select(p => (p.Name, p.Port ?? 0)).Order().ToArray());
        var a = slice.Endpoints.Single(e => e.Addresses[0] == "10.1.0.1");
        var b = slice.Endpoints.Single(e => e.Addresses[0] == "10.1.0.2");
        Assert.Equal((true, true, false, "node-a", "a"), (a.Conditions.Ready, a.Conditions.Serving, a.Conditions.Terminating, a.NodeName, a.TargetRef.Name));
        Assert.Equal((false, false, false), (b.Conditions.Ready, b.Conditions.Serving, b.Conditions.Terminating));

        await client.CoreV1.DeleteNamespacedPodAsync("a", Ns);
        slice = await Eventually.Get(Slice, s => s?.Endpoints?.Any(e => e.Conditions.Terminating == true) == true, "the terminating pod is marked");
        a = slice!.Endpoints.Single(e => e.Addresses[0] == "10.1.0.1");
        Assert.Equal((false, true, true), (a.Conditions.Ready, a.Conditions.Serving, a.Conditions.Terminating));
    }
}
