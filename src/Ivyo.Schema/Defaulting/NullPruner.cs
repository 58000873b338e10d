using System.Text.Json.Nodes;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Defaulting;

/// <summary>
/// Removes null values of fields that are neither nullable nor defaulted, in place
/// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go, PruneNonNullableNullsWithoutDefaults).
/// Nulls of defaulted fields are left for <see cref="Defaulter"/>, which replaces them with the default.
/// </summary>
internal static class NullPruner
{
    public static void Prune(JsonNode? x, V1JSONSchemaProps? s)
    {
        switch (x)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var fieldSchema = s.FieldSchema(key);
                    var value = obj[key];
                    if (value is null && fieldSchema is not null && !fieldSchema.IsNullable() && !fieldSchema.HasDefault())
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Prune(value, fieldSchema);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Prune(item, s?.ItemsSchema());
                }

                break;
        }
    }
}
