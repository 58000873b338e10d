using Ivyo.LocalCluster.ApiServer.Requests;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>A namespace's own subresources (status, finalize) are not resources inside it, as Kubernetes parses them.</summary>
public sealed class NamespaceSubresourcePathTests
{
    [Theory]
    [InlineData("PUT", "/api/v1/namespaces/ns/finalize", "update", "ns", "namespaces", "ns", "finalize")]
    [InlineData("PUT", "/api/v1/namespaces/ns/status", "update", "ns", "namespaces", "ns", "status")]
    [InlineData("GET", "/api/v1/namespaces/ns/configmaps", "list", "ns", "configmaps", "", "")]
    public void Namespace_subresources_parse_as_kubernetes_parses_them(
        string method, string path, string verb, string ns, string resource, string name, string subresource)
    {
        var info = RequestInfoParser.Parse(method, path, watchParameter: false);

        Assert.Equal((verb, ns, resource, name, subresource), (info.Verb, info.Namespace, info.Resource, info.Name, info.Subresource));
    }
}
