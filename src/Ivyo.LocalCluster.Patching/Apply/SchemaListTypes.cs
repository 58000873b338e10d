using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// <see cref="IListTypes"/> read from a structural OpenAPI v3 schema (a CRD version's <c>openAPIV3Schema</c>):
/// <c>x-kubernetes-list-type</c> (<c>atomic</c>, <c>set</c>, <c>map</c>), <c>x-kubernetes-list-map-keys</c> with
/// the <c>default</c>s of the key properties, and <c>x-kubernetes-map-type: atomic</c>. Lists without a list type,
/// and fields the schema does not describe, are atomic; objects are granular unless marked atomic.
/// </summary>
public sealed class SchemaListTypes : IListTypes
{
    private readonly JsonObject _schema;

    public SchemaListTypes(JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
    }

    public ListKind Kind(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var schema = Resolve(path);
        switch ((schema?["x-kubernetes-list-type"] as JsonValue)?.GetValue<string>())
        {
            case "set":
                return ListKind.Set;
            case "map":
                var keys = (schema!["x-kubernetes-list-map-keys"] as JsonArray)?
                    .Select(k => k?.GetValue<string>()).OfType<string>().ToArray() ?? [];
                var itemProperties = schema["items"]?["properties"] as JsonObject;
                var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    if (itemProperties?[key]?["default"] is { } value)
                    {
                        defaults[key] = value.ToJsonString();
                    }
                }

                return ListKind.Map(keys, defaults);
            default:
                return ListKind.Atomic;
        }
    }

    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return (Resolve(path)?["x-kubernetes-map-type"] as JsonValue)?.GetValue<string>() == "atomic";
    }

    /// <summary>Custom resources are compared with an empty object on create: nothing is always present.</summary>
    public bool IsAlwaysPresent(IReadOnlyList<string> path) => false;

    private JsonObject? Resolve(IReadOnlyList<string> path)
    {
        JsonObject? schema = _schema;
        foreach (var name in path)
        {
            while (schema?["items"] is JsonObject items && (schema["type"] as JsonValue)?.GetValue<string>() == "array")
            {
                schema = items;
            }

            if (schema is null)
            {
                return null;
            }

            schema = schema["properties"]?[name] as JsonObject ?? schema["additionalProperties"] as JsonObject;
        }

        return schema;
    }
}
