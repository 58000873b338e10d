using System.Text.Json.Nodes;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Defaulting;

/// <summary>Applies a schema's defaults to a copy of a value, as the API server does after pruning.</summary>
public static class SchemaDefaulter
{
    /// <summary>
    /// Returns a copy of <paramref name="obj"/> where null values of non-nullable fields without a default are removed
    /// and defaults are applied (<see cref="NullPruner"/>, then <see cref="Defaulter"/>).
    /// </summary>
    public static JsonNode? Apply(JsonNode? obj, V1JSONSchemaProps schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var normalized = SchemaNormalizer.Normalize(schema);
        var copy = obj?.DeepClone();
        NullPruner.Prune(copy, normalized);
        Defaulter.Apply(copy, normalized);
        return copy;
    }
}
