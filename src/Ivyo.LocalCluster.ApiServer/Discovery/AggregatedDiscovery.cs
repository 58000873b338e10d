using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Registry.Catalog;

namespace Ivyo.LocalCluster.ApiServer.Discovery;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io/v2, GA in Kubernetes 1.30): one document for <c>/api</c> and one for
/// <c>/apis</c> listing every group, version and resource, so that kubectl discovers in two requests instead of one
/// per group-version. Served when the Accept header asks for <c>as=APIGroupDiscoveryList</c>.
/// </summary>
public static class AggregatedDiscovery
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static bool Requested(string accept) =>
        accept.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal) && accept.Contains("v=v2;", StringComparison.Ordinal)
        && accept.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal);

    /// <summary>The document of <c>/api</c> (core only) or <c>/apis</c> (every named group).</summary>
    public static JsonObject Document(ResourceTable table, bool core)
    {
        var items = new JsonArray();
        var groups = table.Catalog.All
            .Where(t => (t.Group.Length == 0) == core)
            .GroupBy(t => t.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var versions = new JsonArray();
            foreach (var version in group.GroupBy(t => t.Version))
            {
                versions.Add(new JsonObject
                {
                    ["version"] = version.Key,
                    ["resources"] = new JsonArray([.. version.OrderBy(t => t.Resource, StringComparer.Ordinal).Select(t => (JsonNode)Resource(t))]),
                    ["freshness"] = "Current",
                });
            }

            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Key }, ["versions"] = versions });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Resource,
            ["responseKind"] = Kind(type.Group, type.Version, type.Kind),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.SingularName,
            ["verbs"] = Strings(type.Verbs),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = Strings(type.ShortNames);
        }

        if (type.Categories.Count > 0)
        {
            resource["categories"] = Strings(type.Categories);
        }

        if (type.Subresources.Count > 0)
        {
            resource["subresources"] = new JsonArray([.. type.Subresources.Select(s => (JsonNode)new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = Kind(s.Group ?? type.Group, s.Version ?? type.Version, s.Kind),
                ["verbs"] = Strings(s.Verbs),
            })]);
        }

        return resource;
    }

    private static JsonObject Kind(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
