using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>
/// The read side of an informer's cache, as client-go's <c>cache.Indexer</c> / lister: every object returned is a
/// deep copy, so callers may change it (for an update, say) without corrupting the cache.
/// </summary>
public interface IReadOnlyObjectCache
{
    /// <summary>How many objects are cached.</summary>
    int Count { get; }

    /// <summary>A copy of the object with <paramref name="key"/> (<c>namespace/name</c>), or null.</summary>
    JsonObject? Get(string key);

    /// <summary>Copies of every cached object.</summary>
    IReadOnlyList<JsonObject> List();

    /// <summary>The keys of every cached object.</summary>
    IReadOnlyList<string> ListKeys();

    /// <summary>Copies of the objects that index <paramref name="indexName"/> puts under <paramref name="value"/>.</summary>
    IReadOnlyList<JsonObject> ByIndex(string indexName, string value);

    /// <summary>The keys of the objects that index <paramref name="indexName"/> puts under <paramref name="value"/>.</summary>
    IReadOnlyList<string> IndexKeys(string indexName, string value);

    /// <summary>The names of the indexes.</summary>
    IReadOnlyCollection<string> IndexNames { get; }
}
