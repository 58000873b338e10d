using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>The C# KubernetesClient against the server: typed CRUD, conflicts, selectors and paging.</summary>
public sealed class ClientCrudTests : IClassFixture<TestServer>
{
    private readonly Kubernetes _client;

    public ClientCrudTests(TestServer server) => _client = server.Client;

    private async Task<string> NewNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    [Fact]
    public async Task Bootstrap_namespaces_exist_with_kubernetes_defaults()
    {
        var names = (await _client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).ToList();
        Assert.Contains("default", names);
        Assert.Contains("kube-system", names);
        var ns = await _client.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("Active", ns.Status?.Phase);
    }

    [Fact]
    public async Task The_kubernetes_service_points_at_this_server()
    {
        var service = await _client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        var endpoints = await _client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default");

        Assert.Equal("10.96.0.1", service.Spec.ClusterIP);
        Assert.Equal(("https", 443), (service.Spec.Ports[0].Name, service.Spec.Ports[0].Port));
        Assert.Equal(_client.BaseUri.Port, endpoints.Subsets[0].Ports[0].Port);
        Assert.Equal(_client.BaseUri.Host, endpoints.Subsets[0].Addresses[0].Ip);
    }

    [Fact]
    public async Task Create_sets_uid_timestamp_and_a_numeric_resource_version()
    {
        var ns = await NewNamespaceAsync();
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Labels = new Dictionary<string, string> { ["app"] = "x" } }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);

        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.True(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("a", ns);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("v", read.Data["k"]);
    }

    [Fact]
    public async Task Resource_versions_increase_across_objects()
    {
        var ns = await NewNamespaceAsync();
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, ns);
        var second = await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "two" } }, ns);
        Assert.True(long.Parse(second.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(first.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Opaque", second.Type);
    }

    [Fact]
    public async Task Stale_update_is_a_409_conflict_and_nothing_is_written()
    {
        var ns = await NewNamespaceAsync();
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, ns);
        created.Data["v"] = "2";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", ns);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        created.Data["v"] = "3";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", ns));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Operation cannot be fulfilled on configmaps \\\"c\\\": the object has been modified", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("2", (await _client.CoreV1.ReadNamespacedConfigMapAsync("c", ns)).Data["v"]);
    }

    [Fact]
    public async Task Missing_objects_and_namespaces_are_404_with_kubernetes_messages()
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("nope", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("configmaps \\\"nope\\\" not found", missing.Response.Content, StringComparison.Ordinal);

        var noNamespace = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "no-such-namespace"));
        Assert.Equal(HttpStatusCode.NotFound, noNamespace.Response.StatusCode);
        Assert.Contains("namespaces \\\"no-such-namespace\\\" not found", noNamespace.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_409_already_exists()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dup" } }, ns);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dup" } }, ns));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_selectors_and_paging_select_and_split_lists()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"cm{i}", Labels = new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "db" : "web", ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            }, ns);
        }

        Assert.Equal(3, (await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier=db")).Items.Count);
        Assert.Equal(["cm1", "cm3"], (await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier in (web),n")).Items.Select(c => c.Metadata.Name));
        Assert.Equal(["cm0", "cm4"], (await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "tier!=web,n,n notin (2)")).Items.Select(c => c.Metadata.Name));

        // "n" leaves out kube-root-ca.crt, which every namespace has.
        var page = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "n", limit: 2);
        Assert.Equal(2, page.Items.Count);
        Assert.NotNull(page.Metadata.ContinueProperty);
        var rest = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "n", limit: 10, continueParameter: page.Metadata.ContinueProperty);
        Assert.Equal(["cm2", "cm3", "cm4"], rest.Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task Delete_removes_and_finalizers_delay_deletion()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "plain" } }, ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("plain", ns);
        Assert.Empty((await _client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=plain")).Items);

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("held", ns);
        var held = await _client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        Assert.NotNull(held.Metadata.DeletionTimestamp);

        held.Metadata.Finalizers = [];
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("held", ns));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Service_gets_kubernetes_defaults()
    {
        var ns = await NewNamespaceAsync();
        var service = await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "hippo-pods" },
            Spec = new V1ServiceSpec { ClusterIP = "None", Selector = new Dictionary<string, string> { ["a"] = "b" } },
        }, ns);
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Equal("None", service.Spec.SessionAffinity);
        Assert.Equal("None", service.Spec.ClusterIP);
    }
}
