using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Security;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>Legacy and aggregated discovery, and the OpenAPI v3 documents kubectl validates with.</summary>
public sealed class DiscoveryTests : IClassFixture<TestServer>
{
    private readonly TestServer _server;

    public DiscoveryTests(TestServer server) => _server = server;

    private HttpClient AdminHttp()
    {
        var credentials = _server.Server.Credentials;
        var handler = new HttpClientHandler();
        handler.ClientCertificates.Add(ClusterCredentials.Load(credentials.AdminCertificate));
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(credentials.Authority.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(certificate);
        };
        return new HttpClient(handler) { BaseAddress = _server.Server.Url };
    }

    [Fact]
    public async Task Aggregated_discovery_lists_every_group_in_one_document()
    {
        using var http = AdminHttp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request);

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType?.ToString().Replace("; ", ";", StringComparison.Ordinal));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGroupDiscoveryList", (string?)document["kind"]);
        var apps = document["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var statefulSets = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "statefulsets")!;
        Assert.Equal("StatefulSet", (string?)statefulSets["responseKind"]!["kind"]);
        Assert.Equal("sts", (string?)statefulSets["shortNames"]![0]);
        Assert.Contains(statefulSets["subresources"]!.AsArray(), s => (string?)s!["subresource"] == "scale" && (string?)s["responseKind"]!["group"] == "autoscaling");
    }

    [Fact]
    public async Task Legacy_discovery_is_served_without_the_aggregated_accept_header()
    {
        using var http = AdminHttp();
        var groups = JsonNode.Parse(await http.GetStringAsync("/apis"))!;
        Assert.Equal("APIGroupList", (string?)groups["kind"]);
        var core = JsonNode.Parse(await http.GetStringAsync("/api/v1"))!;
        Assert.Contains(core["resources"]!.AsArray(), r => (string?)r!["name"] == "pods/exec" || (string?)r!["name"] == "pods/status");
    }

    [Fact]
    public async Task Openapi_v3_advertises_server_side_field_validation()
    {
        using var http = AdminHttp();
        var root = JsonNode.Parse(await http.GetStringAsync("/openapi/v3"))!;
        var url = (string)root["paths"]!["api/v1"]!["serverRelativeURL"]!;
        var document = JsonNode.Parse(await http.GetStringAsync(url))!;
        var patch = document["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
        Assert.NotNull(document["components"]!["schemas"]!["io.k8s.api.core.v1.ConfigMap"]!["properties"]!["data"]);
    }
}
