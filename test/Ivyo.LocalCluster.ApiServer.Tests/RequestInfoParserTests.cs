using Ivyo.LocalCluster.ApiServer.Http;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ivyo.LocalCluster.ApiServer.Tests;

public sealed class RequestInfoParserTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/ns/pods", "list", "", "v1", "ns", "pods", "", "")]
    [InlineData("GET", "/api/v1/namespaces/ns/pods/p", "get", "", "v1", "ns", "pods", "p", "")]
    [InlineData("PUT", "/api/v1/namespaces/ns/pods/p/status", "update", "", "v1", "ns", "pods", "p", "status")]
    [InlineData("GET", "/api/v1/namespaces/ns", "get", "", "v1", "ns", "namespaces", "ns", "")]
    [InlineData("GET", "/api/v1/namespaces", "list", "", "v1", "", "namespaces", "", "")]
    [InlineData("POST", "/apis/apps/v1/namespaces/ns/statefulsets", "create", "apps", "v1", "ns", "statefulsets", "", "")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/ns/statefulsets/s/scale", "patch", "apps", "v1", "ns", "statefulsets", "s", "scale")]
    [InlineData("DELETE", "/api/v1/namespaces/ns/configmaps", "deletecollection", "", "v1", "ns", "configmaps", "", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/ns/endpoints", "watch", "", "v1", "ns", "endpoints", "", "")]
    [InlineData("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", "get", "rbac.authorization.k8s.io", "v1", "", "clusterroles", "admin", "")]
    public void Paths_parse_as_kubernetes_parses_them(
        string method, string path, string verb, string group, string version, string ns, string resource, string name, string subresource)
    {
        var info = RequestInfoParser.Parse(method, path, watchParameter: false);
        Assert.True(info.IsResourceRequest);
        Assert.Equal((verb, group, version, ns, resource, name, subresource),
            (info.Verb, info.ApiGroup, info.ApiVersion, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/api/v1")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/version")]
    [InlineData("/healthz")]
    public void Discovery_and_health_are_non_resource_requests(string path) =>
        Assert.False(RequestInfoParser.Parse("GET", path, false).IsResourceRequest);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Watch_parameter_is_read_as_kubernetes_reads_it(string value, bool watch)
    {
        // Patroni sends watch=True; Kubernetes treats every value but "false" and "0" as a watch.
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["watch"] = value });
        Assert.Equal(watch, QueryOptions.IsWatch(query));
        Assert.Equal(watch ? "watch" : "list", RequestInfoParser.Parse("GET", "/api/v1/namespaces/ns/endpoints", QueryOptions.IsWatch(query)).Verb);
    }
}
