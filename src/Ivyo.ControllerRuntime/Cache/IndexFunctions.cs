using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>
/// The values an object is indexed under, as client-go's <c>cache.IndexFunc</c>: an object may be under none, one or several.
/// </summary>
public delegate IEnumerable<string> IndexFunction(JsonObject obj);

/// <summary>The built-in index functions: client-go's <c>MetaNamespaceIndexFunc</c> and the usual label and owner indexes of controllers.</summary>
public static class IndexFunctions
{
    /// <summary>The name of the namespace index (<c>cache.NamespaceIndex</c>).</summary>
    public const string NamespaceIndex = "namespace";

    /// <summary>The name of the controller-owner-UID index.</summary>
    public const string ControllerUidIndex = "controller-uid";

    /// <summary>The name of the index of label <paramref name="key"/>.</summary>
    public static string LabelIndex(string key) => "label:" + key;

    /// <summary>Indexes an object by its namespace (cluster-scoped objects by the empty string).</summary>
    public static IEnumerable<string> ByNamespace(JsonObject obj) => [Metadata.Namespace(obj)];

    /// <summary>Indexes an object by the value of label <paramref name="key"/>; objects without it are not indexed.</summary>
    public static IndexFunction ByLabel(string key) => obj => Metadata.Label(obj, key) is { } value ? [value] : [];

    /// <summary>Indexes an object by the UID of its controller owner reference; uncontrolled objects are not indexed.</summary>
    public static IEnumerable<string> ByControllerUid(JsonObject obj) => Metadata.Controller(obj) is { Uid.Length: > 0 } owner ? [owner.Uid] : [];
}
