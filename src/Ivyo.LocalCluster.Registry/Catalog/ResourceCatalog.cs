namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>
/// An immutable set of served resources: the built-in ones plus custom resources added from CRDs with
/// <see cref="WithCustomResources"/>, which returns a new catalog. Lookups are by group/version/resource, by kind,
/// and by the names kubectl resolves (plural, singular, short name).
/// </summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<(string Group, string Version, string Resource), ResourceType> _byResource;
    private readonly Dictionary<(string Group, string Version, string Kind), ResourceType> _byKind;

    private ResourceCatalog(IReadOnlyList<ResourceType> types)
    {
        All = types;
        _byResource = new();
        _byKind = new();
        foreach (var type in types)
        {
            _byResource[(type.Group, type.Version, type.Resource)] = type;
            _byKind[(type.Group, type.Version, type.Kind)] = type;
        }
    }

    /// <summary>A catalog of the built-in resources only.</summary>
    public static ResourceCatalog CreateBuiltIn() => new(BuiltInResources.Create());

    /// <summary>Every served resource, built-in first, in registration order.</summary>
    public IReadOnlyList<ResourceType> All { get; }

    /// <summary>
    /// A new catalog with the given custom resource types replacing any earlier ones of the same group and resource
    /// (the CRD's current served versions win). Built-in resources cannot be replaced.
    /// </summary>
    public ResourceCatalog WithCustomResources(IEnumerable<ResourceType> customTypes)
    {
        ArgumentNullException.ThrowIfNull(customTypes);
        var added = customTypes.ToList();
        var replaced = added.Select(t => (t.Group, t.Resource)).ToHashSet();
        var kept = All.Where(t => !t.IsCustomResource || !replaced.Contains((t.Group, t.Resource)));
        var builtIn = All.Where(t => !t.IsCustomResource).Select(t => (t.Group, t.Resource)).ToHashSet();
        return new ResourceCatalog([.. kept, .. added.Where(t => !builtIn.Contains((t.Group, t.Resource)))]);
    }

    /// <summary>A new catalog without the custom resources of the given group and plural (a deleted CRD).</summary>
    public ResourceCatalog WithoutCustomResource(string group, string resource) =>
        new([.. All.Where(t => !t.IsCustomResource || t.Group != group || t.Resource != resource)]);

    public ResourceType? Find(string group, string version, string resource) =>
        _byResource.GetValueOrDefault((group, version, resource));

    /// <summary>The type of objects with this apiVersion and kind.</summary>
    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return _byKind.GetValueOrDefault((group, version, kind));
    }

    /// <summary>The versions served for a group and resource, in registration order.</summary>
    public IReadOnlyList<ResourceType> Versions(string group, string resource) =>
        [.. All.Where(t => t.Group == group && t.Resource == resource)];

    /// <summary>
    /// The resources a name refers to as kubectl resolves it against discovery: the plural, singular or a short name
    /// (case-insensitive), optionally qualified as <c>name.group</c> (<c>statefulsets.apps</c>). Several groups can
    /// match (<c>events</c>); core comes first, as kubectl prefers it.
    /// </summary>
    public IReadOnlyList<ResourceType> FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.ToLowerInvariant();
        var matches = All.Where(t => Matches(t, lower, null)).ToList();
        if (matches.Count == 0)
        {
            var dot = lower.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                var group = lower[(dot + 1)..];
                matches = [.. All.Where(t => Matches(t, lower[..dot], group))];
            }
        }

        return [.. matches.OrderBy(t => t.Group.Length == 0 ? 0 : 1)];
    }

    /// <summary>The resources in a category, such as <c>all</c>.</summary>
    public IReadOnlyList<ResourceType> InCategory(string category) =>
        [.. All.Where(t => t.Categories.Contains(category, StringComparer.Ordinal))];

    /// <summary>The served group/versions in registration order (core "v1" first).</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions() =>
        [.. All.Select(t => (t.Group, t.Version)).Distinct()];

    private static bool Matches(ResourceType type, string name, string? group) =>
        (group is null || type.Group == group || type.Group.StartsWith(group + ".", StringComparison.Ordinal))
        && (type.Resource == name || type.SingularName == name || type.ShortNames.Contains(name, StringComparer.Ordinal));
}
