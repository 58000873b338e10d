using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Ivyo.Schema.Generation;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// Structural schemas of the built-in kinds, generated from KubernetesClient's models (found by their
/// [KubernetesEntity] attribute) and cached. They serve /openapi/v3 and tell which fields of a request are unknown.
/// </summary>
public sealed class BuiltInSchemas
{
    private readonly ConcurrentDictionary<string, V1JSONSchemaProps?> _schemas = new(StringComparer.Ordinal);

    /// <summary>The schema of a built-in kind, or null when none can be made (no model, or a recursive type).</summary>
    public V1JSONSchemaProps? For(string group, string version, string kind) =>
        _schemas.GetOrAdd($"{group}/{version}/{kind}", _ =>
        {
            var type = typeof(V1Pod).Assembly.GetTypes().FirstOrDefault(t =>
                t.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity
                && entity.Kind == kind && entity.Group == group && entity.ApiVersion == version);
            if (type is null)
            {
                return null;
            }

            try
            {
                var schema = new SchemaGenerator().Generate(type);
                OpenEmptyObjects(schema);
                return schema;
            }
            catch (RecursiveTypeException)
            {
                // A structural schema can't describe a recursive type (the CRD's own JSONSchemaProps).
                return null;
            }
        });

    /// <summary>
    /// The generator describes embedded ObjectMeta (in pod templates) as a bare object, as a CRD would; for built-in
    /// kinds every field of it is valid, so bare objects are left open rather than pruned empty.
    /// </summary>
    private static void OpenEmptyObjects(V1JSONSchemaProps schema)
    {
        if (schema.Type == "object" && schema.Properties is null or { Count: 0 } && schema.AdditionalProperties is null)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        foreach (var child in (schema.Properties?.Values ?? []).Append(schema.Items as V1JSONSchemaProps).Append(schema.AdditionalProperties as V1JSONSchemaProps))
        {
            if (child is not null)
            {
                OpenEmptyObjects(child);
            }
        }
    }

    /// <summary>The schema as JSON for OpenAPI documents; an open object when there is none.</summary>
    public JsonObject Json(string group, string version, string kind) => For(group, version, kind) is { } schema
        ? JsonNode.Parse(KubernetesJson.Serialize(schema))!.AsObject()
        : new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
}
