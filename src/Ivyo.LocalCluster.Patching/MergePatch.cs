using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// JSON Merge Patch (RFC 7386, <c>application/merge-patch+json</c>) as the Kubernetes API server applies it, with
/// evanphx/json-patch v4's MergePatch: objects merge recursively, <c>null</c> deletes a member, arrays and scalars
/// replace. Like that library, a value added where the target had none is pruned of <c>null</c> members and
/// <c>null</c> array elements, and a patch that is not an object or array is rejected as "Invalid JSON Patch".
/// </summary>
public static class MergePatch
{
    /// <summary>Returns the merged document; <paramref name="target"/> and <paramref name="patch"/> are not changed.</summary>
    public static JsonNode Apply(JsonNode? target, JsonNode? patch)
    {
        switch (patch)
        {
            case JsonObject patchObject:
                if (target is JsonObject targetObject)
                {
                    var result = (JsonObject)targetObject.DeepClone();
                    MergeObjects(result, patchObject);
                    return result;
                }

                return Prune(patchObject.DeepClone());
            case JsonArray patchArray:
                return Prune(patchArray.DeepClone());
            default:
                throw new PatchException(PatchErrorKind.BadRequest, "Invalid JSON Patch");
        }
    }

    private static void MergeObjects(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var current = target[key];
            if (current is null)
            {
                target[key] = Prune(value.DeepClone());
                continue;
            }

            target[key] = Merge(current, value);
        }
    }

    private static JsonNode Merge(JsonNode current, JsonNode patch)
    {
        if (current is not JsonObject currentObject)
        {
            return Prune(patch.DeepClone());
        }

        if (patch is not JsonObject patchObject)
        {
            return patch.DeepClone();
        }

        var merged = (JsonObject)currentObject.DeepClone();
        MergeObjects(merged, patchObject);
        return merged;
    }

    /// <summary>pruneNulls of evanphx/json-patch: drops null members and null array elements, recursively.</summary>
    private static JsonNode Prune(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    Prune(value!);
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null)
                    {
                        array.RemoveAt(i);
                    }
                }

                foreach (var item in array)
                {
                    Prune(item!);
                }

                break;
        }

        return node;
    }
}
