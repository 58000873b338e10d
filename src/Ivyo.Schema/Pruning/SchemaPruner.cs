using System.Text.Json.Nodes;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Pruning;

/// <summary>Removes the fields a structural schema does not declare from a copy of a value.</summary>
public static class SchemaPruner
{
    /// <param name="obj">The value (not changed).</param>
    /// <param name="schema">Its schema.</param>
    /// <param name="isResourceRoot">True for a whole resource: apiVersion, kind and metadata are then kept.</param>
    public static PruneResult Prune(JsonNode? obj, V1JSONSchemaProps schema, bool isResourceRoot = true)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var copy = obj?.DeepClone();
        var unknown = Pruner.Prune(copy, SchemaNormalizer.Normalize(schema), isResourceRoot);
        return new PruneResult(copy, unknown);
    }
}
