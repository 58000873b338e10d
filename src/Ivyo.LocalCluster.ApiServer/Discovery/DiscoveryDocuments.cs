using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Registry.Catalog;

namespace Ivyo.LocalCluster.ApiServer.Discovery;

/// <summary>
/// The legacy discovery documents (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/{group}/{version}</c>) built
/// from the resource table, in the shapes of metav1.APIVersions, APIGroupList and APIResourceList.
/// </summary>
public static class DiscoveryDocuments
{
    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(ResourceTable table) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups(table).Select(g => (JsonNode)Group(g.Key, g.Value))]),
    };

    public static JsonObject? GroupDocument(ResourceTable table, string group)
    {
        var groups = Groups(table);
        return groups.TryGetValue(group, out var versions) ? WithKind(Group(group, versions), "APIGroup") : null;
    }

    public static JsonObject? ResourceList(ResourceTable table, string group, string version)
    {
        var types = table.Catalog.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in types.OrderBy(t => t.Resource, StringComparer.Ordinal))
        {
            resources.Add(Resource(type));
            foreach (var sub in type.Subresources)
            {
                var entry = new JsonObject
                {
                    ["name"] = type.Resource + "/" + sub.Name,
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = sub.Kind,
                    ["verbs"] = new JsonArray([.. sub.Verbs.Select(v => (JsonNode)JsonValue.Create(v))]),
                };
                if (sub.Group is not null)
                {
                    entry["group"] = sub.Group;
                    entry["version"] = sub.Version;
                }

                resources.Add(entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }

    private static JsonObject Resource(ResourceType type)
    {
        var entry = new JsonObject
        {
            ["name"] = type.Resource,
            ["singularName"] = type.SingularName,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = new JsonArray([.. type.Verbs.Select(v => (JsonNode)JsonValue.Create(v))]),
        };
        if (type.ShortNames.Count > 0)
        {
            entry["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        if (type.Categories.Count > 0)
        {
            entry["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        return entry;
    }

    /// <summary>Named groups (not the core group) and their versions, preferred version first.</summary>
    private static SortedDictionary<string, List<string>> Groups(ResourceTable table)
    {
        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var type in table.Catalog.All.Where(t => t.Group.Length > 0))
        {
            if (!groups.TryGetValue(type.Group, out var versions))
            {
                versions = [];
                groups[type.Group] = versions;
            }

            if (!versions.Contains(type.Version))
            {
                versions.Add(type.Version);
            }
        }

        return groups;
    }

    private static JsonObject Group(string name, List<string> versions)
    {
        var entries = versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = name + "/" + v, ["version"] = v }).ToArray();
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(entries),
            ["preferredVersion"] = entries[0].DeepClone(),
        };
    }

    private static JsonObject WithKind(JsonObject obj, string kind)
    {
        obj["kind"] = kind;
        obj["apiVersion"] = "v1";
        return obj;
    }
}
