using System.Text.Json.Nodes;

namespace Ivyo.Schema.Pruning;

/// <summary>A pruned copy of a value and the paths of the fields removed from it, sorted.</summary>
public sealed record PruneResult(JsonNode? Object, IReadOnlyList<string> UnknownFields);
