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
    /// What is left of <paramref name="merged"/> (the live object with the applied configuration merged in) after
    /// a re-apply by a manager that owned <paramref name="last"/> when it applied last: structured-merge-diff's
    /// <c>Updater.prune</c>. A field goes when the manager owned it and nobody owns it now; <paramref name="owned"/>
    /// is what every manager owns now (the new applied configuration included), updaters as well as appliers.
    /// Ownership of a field covers the fields leading to it (<see cref="FieldSet.WithFieldsAsMembers"/>), so a
    /// parent the manager alone owned goes with its children, while one another manager still owns, or one the
    /// manager still applies, stays. Three passes, as in Kubernetes: remove all the manager owned last time; of
    /// what that took, put back what anyone owns; then remove from the merged object only what stayed out and the
    /// manager owned, so fields nobody owns (defaults) stay. A map or list the removal empties is null in
    /// Kubernetes, which the typed object drops: here it is removed, or left empty where the type always has it
    /// (<see cref="IListTypes.IsAlwaysPresent"/>); its parent keeps its place, as Kubernetes keeps the null.
    /// Inputs are not modified.
    /// </summary>
    public static JsonObject Prune(JsonObject merged, FieldSet last, FieldSet owned, IListTypes types)
    {
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(types);
        var walker = new Walker(types);
        var lastFields = last.WithFieldsAsMembers();
        var mergedFields = walker.Members(merged);
        var pruned = walker.RemoveItems(merged, lastFields, final: false);
        var kept = mergedFields.Difference(walker.Members(pruned).Union(owned.WithFieldsAsMembers()));
        pruned = walker.RemoveItems(merged, kept, final: false);
        return walker.RemoveItems(merged, mergedFields.Difference(walker.Members(pruned)).Intersect(lastFields), final: true);
    }

    private sealed class Walker(IListTypes types)
    {
        public void Leaves(JsonNode? node, List<string> names, List<string> path, FieldSet into, bool isItem, bool nullsAreMembers = false)
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
                        if (child is null && !nullsAreMembers)
                        {
                            continue;
                        }

                        Step(names, name, path, PathElements.Field(name), () => Leaves(child, names, path, into, isItem: false, nullsAreMembers));
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
                            Leaves(item, names, path, into, isItem: true, nullsAreMembers);
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

        /// <summary>
        /// The fields of <paramref name="value"/> as <see cref="Prune"/> compares them: leaves, empty maps and null
        /// values (Kubernetes' <c>ToFieldSet</c> has a member for each), with the fields leading to them.
        /// </summary>
        public FieldSet Members(JsonObject value)
        {
            var set = FieldSet.Empty;
            Leaves(value, [], [], set, isItem: false, nullsAreMembers: true);
            return set.WithFieldsAsMembers();
        }

        /// <summary>
        /// A copy of <paramref name="value"/> without the members of <paramref name="remove"/> (structured-merge-diff's
        /// <c>RemoveItems</c>): a member goes with everything beneath it; nodes that only lead to members are walked.
        /// A map or list the walk empties is null, or when <paramref name="final"/> is removed (kept empty where
        /// <see cref="IListTypes.IsAlwaysPresent"/>).
        /// </summary>
        public JsonObject RemoveItems(JsonObject value, FieldSet remove, bool final)
        {
            var copy = (JsonObject)value.DeepClone();
            RemoveItems(copy, remove, [], final);
            return copy;
        }

        /// <summary>Removes in place; returns whether <paramref name="node"/>, a map or list with members before, was emptied.</summary>
        private bool RemoveItems(JsonNode node, FieldSet remove, List<string> names, bool final)
        {
            switch (node)
            {
                case JsonObject obj when obj.Count > 0 && !types.IsAtomicMap(names):
                    var nulled = false;
                    foreach (var (element, child) in remove.Children)
                    {
                        if (!element.StartsWith("f:", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var name = element[2..];
                        if (!obj.TryGetPropertyValue(name, out var value))
                        {
                            continue;
                        }

                        if (child.IsMember)
                        {
                            obj.Remove(name);
                            continue;
                        }

                        names.Add(name);
                        if (value is not null && RemoveItems(value, child, names, final))
                        {
                            nulled = true;
                            if (!final)
                            {
                                obj[name] = null;
                            }
                            else if (!types.IsAlwaysPresent(names))
                            {
                                obj.Remove(name);
                            }
                        }

                        names.RemoveAt(names.Count - 1);
                    }

                    return obj.Count == 0 && !nulled;
                case JsonArray array when array.Count > 0 && types.Kind(names) is { Type: not ListType.Atomic } kind:
                    foreach (var (element, item) in Items(array, kind).ToList())
                    {
                        if (remove.Child(element) is not { } child)
                        {
                            continue;
                        }

                        if (child.IsMember)
                        {
                            array.Remove(item);
                        }
                        else if (item is not null)
                        {
                            // An item the walk empties stays (as the empty item the typed object would hold).
                            RemoveItems(item, child, names, final);
                        }
                    }

                    return array.Count == 0;
                default:
                    return false;
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
