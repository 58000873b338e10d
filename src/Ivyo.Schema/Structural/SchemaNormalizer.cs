using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using k8s;
using k8s.Models;

namespace Ivyo.Schema.Structural;

/// <summary>
/// Makes a deep copy of a schema in which the loosely typed members of <see cref="V1JSONSchemaProps"/>
/// (items, additionalProperties, default, enum), which hold JsonElement after JSON decoding or YAML objects
/// after YAML decoding, are replaced by <see cref="V1JSONSchemaProps"/>, <see cref="bool"/> and <see cref="JsonNode"/>.
/// The engines read schemas through <see cref="SchemaAccess"/> after this step.
/// </summary>
internal static class SchemaNormalizer
{
    public static V1JSONSchemaProps Normalize(V1JSONSchemaProps schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return NormalizeNode(schema);
    }

    private static V1JSONSchemaProps NormalizeNode(V1JSONSchemaProps s) => s with
    {
        Items = ToSchema(s.Items),
        AdditionalProperties = s.AdditionalProperties is bool or null ? s.AdditionalProperties : ToSchemaOrBool(s.AdditionalProperties),
        AdditionalItems = null,
        DefaultProperty = s.DefaultProperty is null ? null : JsonValues.FromObject(s.DefaultProperty),
        EnumProperty = s.EnumProperty?.Select(v => (object)JsonValues.FromObject(v)!).ToList(),
        Properties = s.Properties?.ToDictionary(p => p.Key, p => NormalizeNode(p.Value), StringComparer.Ordinal),
        AllOf = s.AllOf?.Select(NormalizeNode).ToList(),
        AnyOf = s.AnyOf?.Select(NormalizeNode).ToList(),
        OneOf = s.OneOf?.Select(NormalizeNode).ToList(),
        Not = s.Not is null ? null : NormalizeNode(s.Not),
        Required = s.Required?.ToList(),
        XKubernetesListMapKeys = s.XKubernetesListMapKeys?.ToList(),
        XKubernetesValidations = s.XKubernetesValidations?.ToList(),
    };

    private static V1JSONSchemaProps? ToSchema(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case V1JSONSchemaProps schema:
                return NormalizeNode(schema);
            default:
                var node = JsonValues.FromObject(value);
                if (node is JsonArray array)
                {
                    // A list of schemas (tuple validation) is not structural; Kubernetes rejects it in CRDs.
                    node = array.Count > 0 ? array[0] : null;
                }

                return node is JsonObject ? NormalizeNode(KubernetesJson.Deserialize<V1JSONSchemaProps>(node.ToJsonString())) : null;
        }
    }

    private static object? ToSchemaOrBool(object value)
    {
        var node = JsonValues.FromObject(value);
        return JsonValues.KindOf(node) == JsonKind.Boolean ? JsonValues.GetBoolean(node!) : ToSchema(node);
    }
}
