using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>The columns of a resource's table and how one object becomes its cells (one per column, wide ones included).</summary>
public sealed record ResourcePrinter(IReadOnlyList<TableColumn> Columns, Func<JsonObject, DateTimeOffset, IReadOnlyList<JsonNode?>> Cells);
