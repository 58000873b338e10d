using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>
/// A thread-safe store of objects by key with named indexes, as client-go's <c>threadSafeMap</c> with its
/// <c>storeIndex</c>: every write keeps the indexes in step under one lock, and reads hand out deep copies.
/// The namespace index is always present; more are added with <see cref="AddIndex"/> before the first write.
/// </summary>
public sealed class ObjectCache : IReadOnlyObjectCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexFunction> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    /// <summary>Creates a cache with the namespace index.</summary>
    public ObjectCache() => AddIndex(IndexFunctions.NamespaceIndex, IndexFunctions.ByNamespace);

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> IndexNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _indexers.Keys];
            }
        }
    }

    /// <summary>Adds an index; like client-go's <c>AddIndexers</c>, existing objects are indexed too.</summary>
    public void AddIndex(string name, IndexFunction function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, function))
            {
                throw new InvalidOperationException($"The index {name} exists already.");
            }

            _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items)
            {
                IndexOne(name, function, key, obj);
            }
        }
    }

    /// <inheritdoc />
    public JsonObject? Get(string key)
    {
        lock (_lock)
        {
            return _items.TryGetValue(key, out var obj) ? Copy(obj) : null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonObject> List()
    {
        lock (_lock)
        {
            return [.. _items.Values.Select(Copy)];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock)
        {
            return [.. _items.Keys];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            return [.. KeysUnderLock(indexName, value).Select(key => Copy(_items[key]))];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> IndexKeys(string indexName, string value)
    {
        lock (_lock)
        {
            return [.. KeysUnderLock(indexName, value)];
        }
    }

    /// <summary>Stores (a copy of) <paramref name="obj"/> under its key; returns the object it replaced, if any.</summary>
    internal JsonObject? Upsert(JsonObject obj)
    {
        var key = ObjectKeys.Of(obj);
        var stored = Copy(obj);
        lock (_lock)
        {
            _items.TryGetValue(key, out var old);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _items[key] = stored;
            Index(key, stored);
            return old;
        }
    }

    /// <summary>Removes the object with <paramref name="key"/>; returns it, if it was there.</summary>
    internal JsonObject? Delete(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    /// <summary>
    /// Replaces the whole content with <paramref name="objects"/>, as client-go's <c>Replace</c> after a list, and
    /// returns what changed: objects that appeared, changed (a different resourceVersion) or disappeared.
    /// </summary>
    internal IReadOnlyList<CacheChange> Replace(IReadOnlyList<JsonObject> objects)
    {
        var changes = new List<CacheChange>();
        lock (_lock)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in objects)
            {
                var key = ObjectKeys.Of(obj);
                listed.Add(key);
                _items.TryGetValue(key, out var old);
                if (old is not null && Metadata.ResourceVersion(old) == Metadata.ResourceVersion(obj))
                {
                    continue;
                }

                if (old is not null)
                {
                    Unindex(key, old);
                }

                var stored = Copy(obj);
                _items[key] = stored;
                Index(key, stored);
                changes.Add(new CacheChange(old, stored));
            }

            foreach (var key in _items.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                _items.Remove(key, out var gone);
                Unindex(key, gone!);
                changes.Add(new CacheChange(gone, null));
            }
        }

        return changes;
    }

    private HashSet<string> KeysUnderLock(string indexName, string value)
    {
        if (!_indexes.TryGetValue(indexName, out var index))
        {
            throw new ArgumentException($"There is no index {indexName}.", nameof(indexName));
        }

        return index.TryGetValue(value, out var keys) ? keys : [];
    }

    private void Index(string key, JsonObject obj)
    {
        foreach (var (name, function) in _indexers)
        {
            IndexOne(name, function, key, obj);
        }
    }

    private void IndexOne(string name, IndexFunction function, string key, JsonObject obj)
    {
        var index = _indexes[name];
        foreach (var value in function(obj).Distinct(StringComparer.Ordinal))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
            }

            keys.Add(key);
        }
    }

    private void Unindex(string key, JsonObject obj)
    {
        foreach (var (name, function) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in function(obj))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    private static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();
}
