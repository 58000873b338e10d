namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>The verb sets API discovery reports, in its alphabetical order.</summary>
public static class Verbs
{
    /// <summary>A resource with every storage operation.</summary>
    public static IReadOnlyList<string> All { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Namespaces: no deletecollection.</summary>
    public static IReadOnlyList<string> AllButDeleteCollection { get; } = ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>Review resources such as selfsubjectaccessreviews.</summary>
    public static IReadOnlyList<string> CreateOnly { get; } = ["create"];

    /// <summary>The status and scale subresources.</summary>
    public static IReadOnlyList<string> GetPatchUpdate { get; } = ["get", "patch", "update"];

    /// <summary>Read-only resources such as componentstatuses.</summary>
    public static IReadOnlyList<string> GetList { get; } = ["get", "list"];
}
