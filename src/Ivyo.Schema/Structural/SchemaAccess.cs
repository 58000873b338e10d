using System.Text.Json.Nodes;
using k8s.Models;

namespace Ivyo.Schema.Structural;

/// <summary>Typed access to a schema that went through <see cref="SchemaNormalizer"/>.</summary>
internal static class SchemaAccess
{
    public static V1JSONSchemaProps? ItemsSchema(this V1JSONSchemaProps s) => s.Items as V1JSONSchemaProps;

    public static V1JSONSchemaProps? AdditionalPropertiesSchema(this V1JSONSchemaProps s) => s.AdditionalProperties as V1JSONSchemaProps;

    /// <summary>False only for <c>additionalProperties: false</c>.</summary>
    public static bool AllowsAdditionalProperties(this V1JSONSchemaProps s) => s.AdditionalProperties is not false;

    /// <summary>The default value; null when there is none (a JSON null default counts as none, as in Kubernetes).</summary>
    public static JsonNode? DefaultValue(this V1JSONSchemaProps s) => s.DefaultProperty as JsonNode;

    public static bool HasDefault(this V1JSONSchemaProps s) => s.DefaultProperty is JsonNode;

    public static IReadOnlyList<JsonNode?> EnumValues(this V1JSONSchemaProps s) =>
        s.EnumProperty?.Select(v => v as JsonNode).ToList() ?? [];

    public static bool IsIntOrString(this V1JSONSchemaProps s) => s.XKubernetesIntOrString == true;

    public static bool PreservesUnknownFields(this V1JSONSchemaProps s) => s.XKubernetesPreserveUnknownFields == true;

    public static bool IsNullable(this V1JSONSchemaProps s) => s.Nullable == true;

    public static bool IsEmbeddedResource(this V1JSONSchemaProps s) => s.XKubernetesEmbeddedResource == true;

    public static V1JSONSchemaProps? Property(this V1JSONSchemaProps s, string name) =>
        s.Properties is not null && s.Properties.TryGetValue(name, out var p) ? p : null;

    /// <summary>The schema of a field of an object: its property schema, or else the additionalProperties schema.</summary>
    public static V1JSONSchemaProps? FieldSchema(this V1JSONSchemaProps? s, string name) =>
        s is null ? null : s.Property(name) ?? s.AdditionalPropertiesSchema();

    /// <summary>The schema types the OpenAPI type validator checks (integer and string for int-or-string).</summary>
    public static IReadOnlyList<string> ValidationTypes(this V1JSONSchemaProps s)
    {
        if (s.IsIntOrString())
        {
            return ["integer", "string"];
        }

        return string.IsNullOrEmpty(s.Type) ? [] : [s.Type];
    }
}
