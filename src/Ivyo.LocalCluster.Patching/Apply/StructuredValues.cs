using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// Structured-merge-diff operations on JSON objects typed by an <see cref="IListTypes"/>: the field set of a value,
/// the comparison of two values, the merge of an applied configuration into a live object and the removal of a
/// field set. Maps and non-atomic objects are walked field by field, map lists by key, sets by value; atomic lists,
/// atomic objects and scalars are leaves.
/// </summary>
public static class StructuredValues
{
    /// <summary>The leaf fields of <paramref name="value"/> (map-list items are members too): what an applier owns.</summary>
    public static FieldSet FieldsOf(JsonObject value, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(types);
        var set = FieldSet.Empty;
        new Walker(types).Leaves(value, [], [], set, isItem: false);
        return set;
    }

    /// <summary>Compares <paramref name="before"/> (null: an empty object) with <paramref name="after"/>.</summary>
    public static FieldComparison Compare(JsonObject? before, JsonObject after, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(types);
        var comparison = new FieldComparison(FieldSet.Empty, FieldSet.Empty, FieldSet.Empty);
        new Walker(types).Compare(before ?? [], after, [], [], comparison);
        return comparison;
    }

    /// <summary>
    /// The empty object of the type of <paramref name="value"/>, as far as <paramref name="value"/> goes: the fields
    /// <see cref="IListTypes.IsAlwaysPresent"/> says a Go struct always has, as empty objects and lists.
    /// </summary>
    public static JsonObject EmptyObject(JsonObject value, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(types);
        return Skeleton(value, [], types);
    }

    private static JsonObject Skeleton(JsonObject value, List<string> names, IListTypes types)
    {
        var empty = new JsonObject();
        foreach (var (name, child) in value)
        {
            names.Add(name);
            if (types.IsAlwaysPresent(names))
            {
                switch (child)
                {
                    case JsonObject obj:
                        empty[name] = Skeleton(obj, names, types);
                        break;
                    case JsonArray:
                        empty[name] = new JsonArray();
                        break;
                }
            }

            names.RemoveAt(names.Count - 1);
        }

        return empty;
    }

    /// <summary>
    /// Merges <paramref name="config"/> into a copy of <paramref name="live"/>: objects merge by field, map lists by
    /// key (new items appended), sets by value, everything else is replaced. Nulls in the configuration are ignored.
    /// </summary>
    public static JsonObject Merge(JsonObject? live, JsonObject config, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(types);
        return (JsonObject)new Walker(types).Merge(live, config, [])!;
    }

    /// <summary>
    /// Removes from <paramref name="value"/> (in place) the members of <paramref name="remove"/>, except nodes under
    /// which <paramref name="keep"/> has members.
    /// </summary>
    public static void Remove(JsonObject value, FieldSet remove, FieldSet keep, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(remove);
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentNullException.ThrowIfNull(types);
        new Walker(types).Remove(value, remove, keep, []);
    }

    private sealed class Walker(IListTypes types)
    {
        public void Leaves(JsonNode? node, List<string> names, List<string> path, FieldSet into, bool isItem)
        {
            if (isItem)
            {
                into.Insert(path);
            }

            switch (node)
            {
                case JsonObject obj when obj.Count > 0 && !types.IsAtomicMap(names):
                    foreach (var (name, child) in obj)
                    {
                        if (child is null)
                        {
                            continue;
                        }

                        Step(names, name, path, PathElements.Field(name), () => Leaves(child, names, path, into, isItem: false));
                    }

                    break;
                case JsonArray array when array.Count > 0 && types.Kind(names) is { Type: not ListType.Atomic } kind:
                    foreach (var (element, item) in Items(array, kind))
                    {
                        path.Add(element);
                        if (kind.Type == ListType.Set)
                        {
                            into.Insert(path);
                        }
                        else
                        {
                            Leaves(item, names, path, into, isItem: true);
                        }

                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                default:
                    if (!isItem && path.Count > 0)
                    {
                        into.Insert(path);
                    }

                    break;
            }
        }

        public void Compare(JsonNode? before, JsonNode? after, List<string> names, List<string> path, FieldComparison into)
        {
            if (before is null && after is null)
            {
                return;
            }

            if (before is null || after is null)
            {
                All(before ?? after, names, path, before is null ? into.Added : into.Removed);
                return;
            }

            if (before is JsonObject lo && after is JsonObject ro && !types.IsAtomicMap(names))
            {
                foreach (var name in lo.Select(p => p.Key).Union(ro.Select(p => p.Key)))
                {
                    Step(names, name, path, PathElements.Field(name), () => Compare(lo[name], ro[name], names, path, into));
                }

                return;
            }

            if (before is JsonArray la && after is JsonArray ra && types.Kind(names) is { Type: not ListType.Atomic } kind)
            {
                var left = Items(la, kind).ToDictionary(i => i.Element, i => i.Item);
                var right = Items(ra, kind).ToDictionary(i => i.Element, i => i.Item);
                foreach (var element in left.Keys.Union(right.Keys))
                {
                    path.Add(element);
                    Compare(left.GetValueOrDefault(element), right.GetValueOrDefault(element), names, path, into);
                    path.RemoveAt(path.Count - 1);
                }

                return;
            }

            if (!JsonNode.DeepEquals(before, after) && path.Count > 0)
            {
                into.Modified.Insert(path);
            }
        }

        public JsonNode? Merge(JsonNode? live, JsonNode? config, List<string> names)
        {
            if (config is JsonObject co && live is JsonObject lo && !types.IsAtomicMap(names))
            {
                var result = (JsonObject)lo.DeepClone();
                foreach (var (name, value) in co)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    names.Add(name);
                    result[name] = Merge(lo[name], value, names);
                    names.RemoveAt(names.Count - 1);
                }

                return result;
            }

            if (config is JsonArray ca && live is JsonArray la && types.Kind(names) is { Type: not ListType.Atomic } kind)
            {
                var result = new JsonArray();
                var applied = Items(ca, kind).ToDictionary(i => i.Element, i => i.Item);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (element, item) in Items(la, kind))
                {
                    seen.Add(element);
                    result.Add(applied.TryGetValue(element, out var update) ? Merge(item, update, names) : item?.DeepClone());
                }

                foreach (var (element, item) in Items(ca, kind))
                {
                    if (seen.Add(element))
                    {
                        result.Add(Merge(null, item, names));
                    }
                }

                return result;
            }

            return WithoutNulls(config);
        }

        public void Remove(JsonNode node, FieldSet remove, FieldSet? keep, List<string> names)
        {
            foreach (var (element, child) in remove.Children)
            {
                var kept = keep?.Child(element);
                if (node is JsonObject obj && element.StartsWith("f:", StringComparison.Ordinal))
                {
                    var name = element[2..];
                    if (!obj.TryGetPropertyValue(name, out var value) || value is null)
                    {
                        continue;
                    }

                    if (child.IsMember && (kept is null || kept.IsEmpty))
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        names.Add(name);
                        Remove(value, child, kept, names);
                        names.RemoveAt(names.Count - 1);
                    }
                }
                else if (node is JsonArray array && types.Kind(names) is { Type: not ListType.Atomic } kind)
                {
                    var match = Items(array, kind).FirstOrDefault(i => i.Element == element);
                    if (match.Element is null)
                    {
                        continue;
                    }

                    if (child.IsMember && (kept is null || kept.IsEmpty))
                    {
                        array.Remove(match.Item);
                    }
                    else if (match.Item is not null)
                    {
                        Remove(match.Item, child, kept, names);
                    }
                }
            }
        }

        private void All(JsonNode? node, List<string> names, List<string> path, FieldSet into)
        {
            if (path.Count > 0)
            {
                into.Insert(path);
            }

            if (node is JsonObject obj && !types.IsAtomicMap(names))
            {
                foreach (var (name, child) in obj)
                {
                    Step(names, name, path, PathElements.Field(name), () => All(child, names, path, into));
                }
            }
            else if (node is JsonArray array && types.Kind(names) is { Type: not ListType.Atomic } kind)
            {
                foreach (var (element, item) in Items(array, kind))
                {
                    path.Add(element);
                    All(kind.Type == ListType.Set ? null : item, names, path, into);
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        private static void Step(List<string> names, string name, List<string> path, string element, Action action)
        {
            names.Add(name);
            path.Add(element);
            action();
            path.RemoveAt(path.Count - 1);
            names.RemoveAt(names.Count - 1);
        }

        /// <summary>The items of a set or map list with their path elements; later duplicates are skipped.</summary>
        private static IEnumerable<(string Element, JsonNode? Item)> Items(JsonArray array, ListKind kind)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in array)
            {
                var element = kind.Type == ListType.Set ? PathElements.Value(item) : KeyOf(item, kind);
                if (element is not null && seen.Add(element))
                {
                    yield return (element, item);
                }
            }
        }

        private static string? KeyOf(JsonNode? item, ListKind kind)
        {
            if (item is not JsonObject obj)
            {
                return null;
            }

            var keys = new List<KeyValuePair<string, JsonNode?>>();
            foreach (var key in kind.Keys)
            {
                if (obj[key] is { } value)
                {
                    keys.Add(new(key, value));
                }
                else if (kind.KeyDefaults.TryGetValue(key, out var defaultJson))
                {
                    keys.Add(new(key, JsonNode.Parse(defaultJson)));
                }
            }

            return PathElements.Key(keys);
        }

        private static JsonNode? WithoutNulls(JsonNode? node) => node switch
        {
            JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(i => i?.DeepClone())]),
            _ => node?.DeepClone(),
        };
    }
}
