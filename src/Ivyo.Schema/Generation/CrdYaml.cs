using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using k8s;
using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>
/// Writes and reads CRDs as YAML. Output is byte-stable and looks like controller-gen's: every mapping's keys in
/// ordinal order, nulls omitted, whole numbers without a fraction, block style with unindented sequences.
/// Reading goes through JSON (<see cref="YamlJson"/>) so that defaults and enums keep their JSON types.
/// </summary>
public static class CrdYaml
{
    public static string Serialize(V1CustomResourceDefinition crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var normalized = crd with
        {
            Spec = crd.Spec with
            {
                Versions = crd.Spec.Versions?.Select(v => v with
                {
                    Schema = v.Schema?.OpenAPIV3Schema is null ? v.Schema : v.Schema with { OpenAPIV3Schema = SchemaNormalizer.Normalize(v.Schema.OpenAPIV3Schema) },
                }).ToList(),
            },
        };
        return ToYaml(JsonNode.Parse(KubernetesJson.Serialize(normalized)));
    }

    public static string Serialize(V1JSONSchemaProps schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return ToYaml(JsonNode.Parse(KubernetesJson.Serialize(SchemaNormalizer.Normalize(schema))));
    }

    public static V1CustomResourceDefinition Deserialize(string yaml)
    {
        var node = YamlJson.Parse(yaml) ?? throw new FormatException("The YAML document is empty.");
        return KubernetesJson.Deserialize<V1CustomResourceDefinition>(node.ToJsonString());
    }

    /// <summary>Writes a JSON value as YAML with sorted keys.</summary>
    public static string ToYaml(JsonNode? node) => YamlWriter.Write(node);
}
