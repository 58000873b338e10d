using Ivyo.LocalCluster.ApiServer.Objects;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>Finds the served resource of a stored key's group and resource, or of an owner reference's apiVersion and kind.</summary>
internal static class ServedResourceLookup
{
    public static ServedResource? ByResource(this ResourceTable table, string group, string resource) =>
        table.All.FirstOrDefault(r => r.Group == group && r.Resource == resource);

    /// <summary>The resource of this kind in the apiVersion's group; the version does not matter for where objects are stored.</summary>
    public static ServedResource? ByKind(this ResourceTable table, string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return table.All.FirstOrDefault(r => r.Group == group && r.Kind == kind);
    }

    /// <summary>One entry per namespaced resource (not per version).</summary>
    public static IReadOnlyList<ServedResource> NamespacedResources(this ResourceTable table) =>
        [.. table.All.Where(r => r.Namespaced).DistinctBy(r => (r.Group, r.Resource))];
}
