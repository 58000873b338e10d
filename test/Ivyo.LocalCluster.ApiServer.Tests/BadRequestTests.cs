using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>Bad requests get Kubernetes' status code and reason, and nothing is written.</summary>
public sealed class BadRequestTests : IClassFixture<TestServer>
{
    private readonly TestServer _server;

    public BadRequestTests(TestServer server) => _server = server;

    private async Task<(string Namespace, string Revision)> SetUpAsync()
    {
        var ns = "bad-" + Guid.NewGuid().ToString("N")[..8];
        await _server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var cm = await _server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, ns);
        return (ns, cm.Metadata.ResourceVersion);
    }

    private async Task AssertUnchangedAsync(string ns, string revision)
    {
        // kube-root-ca.crt is in every namespace, as in Kubernetes; the test's own object is the one that matters.
        var items = (await _server.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Where(c => c.Metadata.Name != "kube-root-ca.crt").ToList();
        Assert.Equal("kept", Assert.Single(items).Metadata.Name);
        Assert.Equal(revision, items[0].Metadata.ResourceVersion);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.Server.Url, path)) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await _server.Client.HttpClient.SendAsync(request);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var (ns, revision) = await SetUpAsync();
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{\"metadata\": {\"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"reason\":\"BadRequest\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(ns, revision);
    }

    [Fact]
    public async Task Unknown_field_under_strict_is_400()
    {
        var (ns, revision) = await SetUpAsync();
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"datta\":{}}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("strict decoding error: unknown field \\\"datta\\\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(ns, revision);
    }

    [Fact]
    public async Task Wrong_resource_version_is_409()
    {
        var (ns, revision) = await SetUpAsync();
        using var response = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/kept",
            "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"v\":\"2\"}}", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(ns, revision);
    }

    [Fact]
    public async Task Immutable_field_change_is_422()
    {
        var (ns, revision) = await SetUpAsync();
        var service = await _server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }] },
        }, ns);
        service.Spec.ClusterIP = "10.96.250.250";
        service.Spec.ClusterIPs = ["10.96.250.250"];
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _server.Client.CoreV1.ReplaceNamespacedServiceAsync(service, "svc", ns));
        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        Assert.Contains("field is immutable", error.Response.Content, StringComparison.Ordinal);
        await AssertUnchangedAsync(ns, revision);
    }

    [Fact]
    public async Task Missing_namespace_is_404()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/absent-namespace/configmaps",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("namespaces \\\"absent-namespace\\\" not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_large_a_body_is_413()
    {
        var (ns, revision) = await SetUpAsync();
        var huge = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},\"data\":{\"x\":\"" + new string('a', 4 * 1024 * 1024) + "\"}}";
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertUnchangedAsync(ns, revision);
    }

    [Fact]
    public async Task Custom_resource_schema_violation_is_422_naming_the_field()
    {
        var crd = File.ReadAllText(RepositoryFiles.PathOf("config", "crd", "bases", "ivory-operator.ivorysql.org_ivoryclusters.yaml"));
        using (var created = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, "application/yaml"))
        {
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await created.Content.ReadAsStringAsync());
        }

        var (ns, _) = await SetUpAsync();
        var manifest = File.ReadAllText(RepositoryFiles.PathOf("testassets", "invalid", "port-80.yaml"));
        using var response = await SendAsync(HttpMethod.Post, $"/apis/ivory-operator.ivorysql.org/v1beta1/namespaces/{ns}/ivoryclusters", manifest, "application/yaml");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("spec.port: Invalid value: 80: spec.port in body should be greater than or equal to 1024", body, StringComparison.Ordinal);
        using var list = await _server.Client.HttpClient.GetAsync(new Uri(_server.Server.Url, $"/apis/ivory-operator.ivorysql.org/v1beta1/namespaces/{ns}/ivoryclusters"));
        Assert.Contains("\"items\":[]", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
