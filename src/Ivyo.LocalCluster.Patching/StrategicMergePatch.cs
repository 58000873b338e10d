using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// Kubernetes' strategic merge patch (<c>application/strategic-merge-patch+json</c>) on JSON nodes, following the
/// apply half of k8s.io/apimachinery/pkg/util/strategicpatch (mergeMap, mergeSlice, normalizeElementOrder) with the
/// options the API server uses (MergeParallelList and IgnoreUnmatchedNulls). Where Kubernetes decodes the merged map
/// into a typed object, which drops leftover directives and <c>null</c> members of new values, this class strips them.
/// </summary>
public static class StrategicMergePatch
{
    private const string DirectiveMarker = "$patch";
    private const string ReplaceDirective = "replace";
    private const string DeleteDirective = "delete";
    private const string MergeDirective = "merge";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    private const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="original"/> using the field tags of
    /// <paramref name="meta"/> (see <see cref="BuiltInPatchMeta.For"/>); the inputs are not changed.
    /// </summary>
    public static JsonObject Apply(JsonNode original, JsonNode patch, IPatchMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (original is not JsonObject originalObject)
        {
            throw new PatchException(PatchErrorKind.BadRequest, "invalid JSON document");
        }

        if (patch is not JsonObject patchObject)
        {
            throw new PatchException(
                PatchErrorKind.BadRequest,
                $"json: cannot unmarshal {JsonValues.KindOf(patch).ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}");
        }

        return MergeMap((JsonObject)originalObject.DeepClone(), (JsonObject)patchObject.DeepClone(), meta);
    }

    private static JsonObject MergeMap(JsonObject original, JsonObject patch, IPatchMeta meta)
    {
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
        {
            return HandleDirectiveInMergeMap(directive, patch);
        }

        ApplyRetainKeysDirective(original, patch);
        MergeSetElementOrderLists(original, patch, meta);

        foreach (var key in patch.Select(p => p.Key).ToList())
        {
            var patchValue = patch[key];
            var name = key;
            var isDeleteList = false;
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                name = ExtractKey(key, DeleteFromPrimitiveListPrefix);
                isDeleteList = true;
            }
            else if (key.StartsWith('$'))
            {
                // Unknown directives would be dropped when Kubernetes decodes the result into its typed object.
                continue;
            }

            if (patchValue is null)
            {
                original.Remove(name);
                continue;
            }

            if (!original.TryGetPropertyValue(name, out var current) || JsonValues.KindOf(current) != JsonValues.KindOf(patchValue))
            {
                if (!isDeleteList)
                {
                    SetSanitized(original, name, patchValue);
                }

                continue;
            }

            var field = meta.GetField(name);
            switch (current)
            {
                case JsonObject currentObject:
                    var merged = field.Strategy == PatchStrategy.Replace
                        ? Sanitize(patchValue).Node as JsonObject ?? []
                        : MergeMap(currentObject, (JsonObject)patchValue, meta.GetChild(name));
                    if (!ReferenceEquals(merged, currentObject))
                    {
                        original[name] = Own(merged);
                    }

                    break;
                case JsonArray currentArray:
                    var list = MergeSliceHandler([.. currentArray], [.. (JsonArray)patchValue], field, meta.GetChild(name), isDeleteList);
                    original[name] = ToArray(list);
                    break;
                default:
                    SetSanitized(original, name, patchValue);
                    break;
            }
        }

        return original;
    }

    private static JsonObject HandleDirectiveInMergeMap(JsonNode? directive, JsonObject patch)
    {
        switch (directive is JsonValue value && value.TryGetValue<string>(out var text) ? text : null)
        {
            case ReplaceDirective:
                patch.Remove(DirectiveMarker);
                return Sanitize(patch).Node as JsonObject ?? [];
            case DeleteDirective:
                return [];
            default:
                throw Internal($"unknown patch type: {GoFormat.Value(directive)} in map: {GoFormat.Value(patch)}");
        }
    }

    /// <summary>
    /// <c>$retainKeys</c>: every non-null member of the patch must be listed, and members of the original that are
    /// not listed are cleared (applyRetainKeysDirective).
    /// </summary>
    private static void ApplyRetainKeysDirective(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retainKeys))
        {
            return;
        }

        patch.Remove(RetainKeysDirective);
        if (retainKeys is not JsonArray list)
        {
            throw new PatchException(PatchErrorKind.BadRequest, "invalid patch format of retainKeys");
        }

        var retained = list
            .Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null
                || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!retained.Contains(key))
            {
                throw new PatchException(PatchErrorKind.BadRequest, "invalid patch format of retainKeys");
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// <c>$setElementOrder/field</c> (mergePatchIntoOriginal): merges the list with its patch, then orders it by the
    /// directive, keeping items only the server has in their live order. The directive and the list leave the patch.
    /// </summary>
    private static void MergeSetElementOrderLists(JsonObject original, JsonObject patch, IPatchMeta meta)
    {
        foreach (var key in patch.Select(p => p.Key).Where(k => k.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)).ToList())
        {
            var orderNode = patch[key];
            patch.Remove(key);
            if (orderNode is not JsonArray orderArray)
            {
                throw Internal($"expected a []interface {{}}, but received a {GoTypeName(orderNode)}");
            }

            var name = ExtractKey(key, SetElementOrderPrefix);
            var foundOriginal = original.TryGetPropertyValue(name, out var originalNode) && originalNode is not null;
            var foundPatch = patch.TryGetPropertyValue(name, out var patchNode) && patchNode is not null;
            if (foundOriginal && originalNode is not JsonArray)
            {
                throw Internal($"expected a []interface {{}}, but received a {GoTypeName(originalNode)}");
            }

            if (foundPatch && patchNode is not JsonArray)
            {
                throw Internal($"expected a []interface {{}}, but received a {GoTypeName(patchNode)}");
            }

            List<JsonNode?> originalList = foundOriginal ? [.. (JsonArray)originalNode!] : [];
            List<JsonNode?> patchList = foundPatch ? [.. (JsonArray)patchNode!] : [];
            List<JsonNode?> order = [.. orderArray];
            var field = meta.GetField(name);
            var mergeKey = field.MergeKey ?? string.Empty;
            ValidatePatchWithSetOrderList(patchList, order, mergeKey);

            List<JsonNode?> merged;
            if (foundOriginal && !foundPatch)
            {
                merged = originalList;
            }
            else if (foundPatch)
            {
                merged = MergeSliceHandler(originalList, patchList, field, meta.GetChild(name), isDeleteList: false);
            }
            else
            {
                continue;
            }

            var kind = ElementKind(originalList, patchList) ?? (mergeKey.Length > 0 ? JsonValueKind.Object : JsonValueKind.String);
            var (patchItems, serverOnly) = Partition(merged, order, mergeKey, kind);
            original[name] = ToArray(NormalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, kind));
            patch.Remove(name);
        }
    }

    private static List<JsonNode?> MergeSliceHandler(List<JsonNode?> original, List<JsonNode?> patch, FieldPatchMeta field, IPatchMeta itemMeta, bool isDeleteList)
    {
        if (field.Strategy != PatchStrategy.Merge)
        {
            return SanitizeAll(patch);
        }

        return MergeSlice(original, patch, itemMeta, field.MergeKey ?? string.Empty, isDeleteList);
    }

    private static List<JsonNode?> MergeSlice(List<JsonNode?> original, List<JsonNode?> patch, IPatchMeta itemMeta, string mergeKey, bool isDeleteList)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var kind = ElementKind(original, patch)!.Value;
        List<JsonNode?> merged;
        if (kind != JsonValueKind.Object)
        {
            if (isDeleteList)
            {
                return [.. original.Where(v => !patch.Any(p => JsonValues.ScalarEquals(v, p)))];
            }

            merged = Deduplicate([.. original, .. patch]);
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw Internal("cannot merge lists without merge key for type struct");
            }

            (original, patch) = MergeSliceWithSpecialElements(original, patch, mergeKey);
            merged = MergeSliceWithoutSpecialElements(original, patch, mergeKey, itemMeta);
        }

        var (patchItems, serverOnly) = Partition(merged, patch, mergeKey, kind);
        return NormalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
    }

    /// <summary>Handles <c>$patch: delete</c> and <c>$patch: replace</c> items; returns the new original and the plain patch items.</summary>
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) MergeSliceWithSpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey)
    {
        var plain = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                plain.Add(item);
                continue;
            }

            switch (directive is JsonValue value && value.TryGetValue<string>(out var text) ? text : null)
            {
                case DeleteDirective:
                    if (!map.TryGetPropertyValue(mergeKey, out var mergeValue))
                    {
                        throw NoMergeKey(map, mergeKey);
                    }

                    original = [.. original.Where(o => !(o is JsonObject existing && existing.TryGetPropertyValue(mergeKey, out var v) && JsonValues.ScalarEquals(v, mergeValue)))];
                    break;
                case ReplaceDirective:
                    replace = true;
                    break;
                case MergeDirective:
                    throw Internal("merging lists cannot yet be specified in the patch");
                default:
                    throw Internal($"unknown patch type: {GoFormat.Value(directive)} in map: {GoFormat.Value(map)}");
            }
        }

        return replace ? (SanitizeAll(plain), []) : (original, plain);
    }

    private static List<JsonNode?> MergeSliceWithoutSpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, IPatchMeta itemMeta)
    {
        var result = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(mergeKey, out var mergeValue))
            {
                throw NoMergeKey(map, mergeKey);
            }

            var index = result.FindIndex(o => o is JsonObject existing && existing.TryGetPropertyValue(mergeKey, out var v) && JsonValues.ScalarEquals(v, mergeValue));
            if (index >= 0)
            {
                result[index] = MergeMap((JsonObject)result[index]!, map, itemMeta);
            }
            else
            {
                var (node, keep) = Sanitize(map);
                if (keep)
                {
                    result.Add(node);
                }
            }
        }

        return result;
    }

    private static void ValidatePatchWithSetOrderList(List<JsonNode?> patchList, List<JsonNode?> order, string mergeKey)
    {
        if (order.Count == 0 || patchList.Count == 0)
        {
            return;
        }

        var nonDelete = mergeKey.Length > 0
            ? patchList.Where(v => !(v is JsonObject m && IsDirective(m, DeleteDirective))).ToList()
            : patchList;
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < nonDelete.Count && orderIndex < order.Count)
        {
            if (nonDelete[patchIndex] is JsonObject m && m.ContainsKey(DirectiveMarker))
            {
                patchIndex++;
                continue;
            }

            if (MergeKeyValueEqual(nonDelete[patchIndex], order[orderIndex], mergeKey))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < nonDelete.Count && orderIndex >= order.Count)
        {
            throw Internal($"the order in patch list:\n{GoFormat.Value(ToArray(patchList, copy: true))}\n doesn't match {SetElementOrderPrefix} list:\n{GoFormat.Value(ToArray(order, copy: true))}");
        }
    }

    private static bool MergeKeyValueEqual(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return JsonValues.ScalarEquals(left, right);
        }

        var l = left as JsonObject ?? throw Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(left)}");
        var r = right as JsonObject ?? throw Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(right)}");
        if (!l.TryGetPropertyValue(mergeKey, out var lv))
        {
            throw NoMergeKey(l, mergeKey);
        }

        if (!r.TryGetPropertyValue(mergeKey, out var rv))
        {
            throw NoMergeKey(r, mergeKey);
        }

        return JsonValues.ScalarEquals(lv, rv);
    }

    /// <summary>Splits <paramref name="items"/> into those present in <paramref name="by"/> and the rest (partitionMapsByPresentInList / partitionPrimitivesByPresentInList).</summary>
    private static (List<JsonNode?> Present, List<JsonNode?> Absent) Partition(List<JsonNode?> items, List<JsonNode?> by, string mergeKey, JsonValueKind kind)
    {
        var present = new List<JsonNode?>();
        var absent = new List<JsonNode?>();
        foreach (var item in items)
        {
            bool found;
            if (kind == JsonValueKind.Object && mergeKey.Length > 0)
            {
                var map = item as JsonObject ?? throw Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(item)}");
                if (!map.TryGetPropertyValue(mergeKey, out var value))
                {
                    throw NoMergeKey(map, mergeKey);
                }

                found = by.Any(b => b is JsonObject other && other.TryGetPropertyValue(mergeKey, out var v) && JsonValues.ScalarEquals(v, value));
            }
            else
            {
                found = by.Any(b => JsonValues.ScalarEquals(b, item));
            }

            (found ? present : absent).Add(item);
        }

        return (present, absent);
    }

    /// <summary>
    /// Orders the patch items by <paramref name="patchOrder"/> and the server-only items by their live order, then
    /// interleaves them (normalizeElementOrder + mergeSortedSlice): an item new to the server goes before the
    /// server-only items not yet placed, so a new list item without <c>$setElementOrder</c> lands first.
    /// </summary>
    private static List<JsonNode?> NormalizeElementOrder(List<JsonNode?> patchItems, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, string mergeKey, JsonValueKind kind)
    {
        var right = NormalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
        var left = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
        var result = new List<JsonNode?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else
            {
                var li = IndexOf(serverOrder, left[i], mergeKey, kind);
                var ri = IndexOf(serverOrder, right[j], mergeKey, kind);
                if (li >= 0 && ri >= 0 && li < ri)
                {
                    result.Add(left[i++]);
                }
                else
                {
                    result.Add(right[j++]);
                }
            }
        }

        return result;
    }

    private static List<JsonNode?> NormalizeSliceOrder(List<JsonNode?> toSort, List<JsonNode?> order, string mergeKey, JsonValueKind kind)
    {
        var items = new List<JsonNode?>(toSort);
        var toDelete = new List<JsonNode?>();
        if (kind == JsonValueKind.Object && mergeKey.Length > 0)
        {
            foreach (var item in items.Concat(order))
            {
                var map = item as JsonObject ?? throw Internal($"expected a map[string]interface {{}}, but received a {GoTypeName(item)}");
                if (!map.ContainsKey(mergeKey))
                {
                    throw NoMergeKey(map, mergeKey);
                }
            }

            toDelete = [.. items.Where(v => IsDirective((JsonObject)v!, DeleteDirective))];
            items = [.. items.Where(v => !IsDirective((JsonObject)v!, DeleteDirective))];
        }

        // Go's sort.SliceStable is an insertion sort for short lists; its less() is true whenever either item is
        // missing from the order, which this reproduces.
        for (var i = 1; i < items.Count; i++)
        {
            for (var j = i; j > 0 && Less(items[j], items[j - 1]); j--)
            {
                (items[j], items[j - 1]) = (items[j - 1], items[j]);
            }
        }

        items.AddRange(toDelete);
        return items;

        bool Less(JsonNode? a, JsonNode? b)
        {
            var ia = IndexOf(order, a, mergeKey, kind);
            var ib = IndexOf(order, b, mergeKey, kind);
            return ia < 0 || ib < 0 || ia < ib;
        }
    }

    private static int IndexOf(List<JsonNode?> list, JsonNode? item, string mergeKey, JsonValueKind kind)
    {
        var value = KeyOf(item, mergeKey, kind);
        return list.FindIndex(v => JsonValues.ScalarEquals(KeyOf(v, mergeKey, kind), value));
    }

    private static JsonNode? KeyOf(JsonNode? item, string mergeKey, JsonValueKind kind) =>
        kind == JsonValueKind.Object ? (item as JsonObject)?[mergeKey] : item;

    /// <summary>The common kind of the items of the lists (sliceElementType); null when they are all empty.</summary>
    private static JsonValueKind? ElementKind(params List<JsonNode?>[] lists)
    {
        JsonValueKind? kind = null;
        foreach (var item in lists.SelectMany(l => l))
        {
            var itemKind = JsonValues.KindOf(item);
            if (kind is null)
            {
                if (itemKind == JsonValueKind.Array)
                {
                    throw new PatchException(PatchErrorKind.UnprocessableEntity, "lists of lists are not supported");
                }

                kind = itemKind;
            }
            else if (kind != itemKind)
            {
                throw Internal($"list element types are not identical: {GoFormat.Value(new JsonArray([.. lists.Select(l => (JsonNode?)ToArray(l, copy: true))]))}");
            }
        }

        return kind;
    }

    private static List<JsonNode?> Deduplicate(List<JsonNode?> items)
    {
        var result = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (!result.Any(r => JsonValues.ScalarEquals(r, item)))
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static bool IsDirective(JsonObject map, string directive) =>
        map[DirectiveMarker] is JsonValue value && value.TryGetValue<string>(out var text) && text == directive;

    /// <summary>The field name after <c>$prefix/</c>.</summary>
    private static string ExtractKey(string key, string prefix)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || key[..slash] != prefix)
        {
            throw new PatchException(
                PatchErrorKind.BadRequest,
                prefix == DeleteFromPrimitiveListPrefix ? "invalid patch format of primitive list" : "invalid patch format of setElementOrder list");
        }

        return key[(slash + 1)..];
    }

    private static void SetSanitized(JsonObject target, string name, JsonNode value)
    {
        var (node, keep) = Sanitize(value);
        if (keep)
        {
            target[name] = node;
        }
        else
        {
            target.Remove(name);
        }
    }

    private static List<JsonNode?> SanitizeAll(List<JsonNode?> items)
    {
        var result = new List<JsonNode?>(items.Count);
        foreach (var item in items)
        {
            var (node, keep) = Sanitize(item);
            if (keep)
            {
                result.Add(node);
            }
        }

        return result;
    }

    /// <summary>
    /// A detached copy of a patch value taken as is, without <c>null</c> members (discardNullValuesFromPatch) and
    /// without directives (removeDirectives: a map holding <c>$patch</c> is dropped, other <c>$</c> keys go).
    /// </summary>
    private static (JsonNode? Node, bool Keep) Sanitize(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return (null, true);
            case JsonObject map:
                if (map.ContainsKey(DirectiveMarker))
                {
                    return (null, false);
                }

                var copy = new JsonObject();
                foreach (var (key, member) in map)
                {
                    if (member is null || key.StartsWith('$'))
                    {
                        continue;
                    }

                    var (node, keep) = Sanitize(member);
                    if (keep)
                    {
                        copy[key] = node;
                    }
                }

                return (copy, true);
            case JsonArray array:
                return (ToArray(SanitizeAll([.. array])), true);
            default:
                return (value.DeepClone(), true);
        }
    }

    private static JsonArray ToArray(List<JsonNode?> items, bool copy = false)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(copy ? item?.DeepClone() : Own(item));
        }

        return array;
    }

    /// <summary>The node itself when it has no parent, else a copy: a node can hang in one tree only.</summary>
    private static JsonNode? Own(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    private static string GoTypeName(JsonNode? node) => JsonValues.KindOf(node) switch
    {
        JsonValueKind.Object => "map[string]interface {}",
        JsonValueKind.Array => "[]interface {}",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "float64",
        JsonValueKind.True => "bool",
        _ => "<nil>",
    };

    private static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        Internal($"map: {GoFormat.Value(map)} does not contain declared merge key: {mergeKey}");

    private static PatchException Internal(string message) => new(PatchErrorKind.InternalError, message);
}
