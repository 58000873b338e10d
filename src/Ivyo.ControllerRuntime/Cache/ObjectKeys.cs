using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>
/// Cache and work-queue keys, as client-go's <c>MetaNamespaceKeyFunc</c> and <c>SplitMetaNamespaceKey</c>:
/// <c>namespace/name</c> for namespaced objects, <c>name</c> for cluster-scoped ones.
/// </summary>
public static class ObjectKeys
{
    /// <summary>The key of <paramref name="ns"/>/<paramref name="name"/>; an empty or null namespace gives just the name.</summary>
    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>The key of an object from its <c>metadata.namespace</c> and <c>metadata.name</c>.</summary>
    public static string Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(Metadata.Namespace(obj), Metadata.Name(obj));
    }

    /// <summary>Splits a key into namespace (empty for cluster-scoped) and name.</summary>
    public static (string Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
