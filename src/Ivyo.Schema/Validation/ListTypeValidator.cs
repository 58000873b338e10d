using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Validation;

/// <summary>
/// Checks the uniqueness invariants of <c>x-kubernetes-list-type: set</c> (whole items) and <c>map</c> (key fields),
/// reporting <c>Duplicate value</c> errors on the second occurrence, as
/// k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype/validation.go does.
/// </summary>
internal static class ListTypeValidator
{
    public static IReadOnlyList<FieldError> Validate(JsonNode? obj, V1JSONSchemaProps schema, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (obj is JsonObject o)
        {
            ValidateObject(o, schema, path, errors);
        }

        return errors;
    }

    private static void ValidateObject(JsonObject obj, V1JSONSchemaProps s, FieldPath path, List<FieldError> errors)
    {
        if (s.AdditionalPropertiesSchema() is { } additional)
        {
            foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ValidateValue(value, additional, path.Key(key), errors);
            }
        }

        if (s.Properties is not null)
        {
            foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (s.Properties.TryGetValue(key, out var sub))
                {
                    ValidateValue(value, sub, path.Child(key), errors);
                }
            }
        }
    }

    private static void ValidateValue(JsonNode? value, V1JSONSchemaProps s, FieldPath path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonArray array:
                ValidateArray(array, s, path, errors);
                break;
            case JsonObject obj:
                ValidateObject(obj, s, path, errors);
                break;
        }
    }

    private static void ValidateArray(JsonArray array, V1JSONSchemaProps s, FieldPath path, List<FieldError> errors)
    {
        switch (s.XKubernetesListType)
        {
            case "set":
                foreach (var i in NonUniqueIndexes(array.ToList()))
                {
                    errors.Add(FieldError.Duplicate(path.Index(i), array[i]));
                }

                break;
            case "map":
                ValidateListMap(array, s, path, errors);
                break;
        }

        if (s.ItemsSchema() is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ValidateValue(array[i], items, path.Index(i), errors);
            }
        }
    }

    private static void ValidateListMap(JsonArray array, V1JSONSchemaProps s, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                errors.Add(FieldError.Invalid(path.Index(i), array[i], "must be an object for an array of list-type map"));
                return;
            }
        }

        if (array.Count <= 1)
        {
            return;
        }

        var keyFields = s.XKubernetesListMapKeys ?? [];
        var keys = new List<JsonNode?>(array.Count);
        foreach (var item in array)
        {
            var key = new JsonObject();
            if (item is JsonObject obj)
            {
                foreach (var field in keyFields)
                {
                    if (obj.TryGetPropertyValue(field, out var v))
                    {
                        key[field] = JsonValues.Clone(v);
                    }
                }
            }

            keys.Add(key);
        }

        foreach (var i in NonUniqueIndexes(keys))
        {
            errors.Add(FieldError.Duplicate(path.Index(i), keys[i]));
        }
    }

    // validateListSet: the index of the second appearance of each repeated value.
    private static List<int> NonUniqueIndexes(IReadOnlyList<JsonNode?> items)
    {
        var result = new List<int>();
        if (items.Count <= 1)
        {
            return result;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var key = JsonValues.CanonicalKey(items[i]);
            seen.TryGetValue(key, out var times);
            seen[key] = times + 1;
            if (times == 1)
            {
                result.Add(i);
            }
        }

        return result;
    }
}
