using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>
/// The table of a custom resource (apiextensions-apiserver pkg/registry/customresource/tableconvertor): Name, then
/// each additionalPrinterColumn evaluated with its JSONPath; only the first match is used; a missing value is a null
/// cell; dates print as ages; integers, numbers and booleans keep their JSON type and a mistyped value is null.
/// </summary>
internal static class CustomResourcePrinter
{
    public static ResourcePrinter Create(IReadOnlyList<PrinterColumn> columns)
    {
        var paths = columns.Select(c => TryParse(c.JsonPath)).ToList();
        var definitions = new List<TableColumn> { new("Name", "string", ObjectMetaDocs.Name, Format: "name") };
        definitions.AddRange(columns.Select(c => new TableColumn(c.Name, c.Type, c.Description, c.Priority, c.Format)));
        return new ResourcePrinter(definitions, (obj, now) =>
        {
            var cells = new List<JsonNode?> { Cells.Name(obj) };
            for (var i = 0; i < columns.Count; i++)
            {
                var results = paths[i]?.Evaluate(obj) ?? [];
                cells.Add(results.Count == 0 || results[0] is null ? null : Cell(columns[i].Type, results[0]!, now));
            }

            return cells;
        });
    }

    private static SimpleJsonPath? TryParse(string path)
    {
        try
        {
            return SimpleJsonPath.Parse(path);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonNode? Cell(string type, JsonNode value, DateTimeOffset now)
    {
        var kind = value.GetValueKind();
        switch (type)
        {
            case "string":
                return SimpleJsonPath.Text(value);
            case "integer" when kind == JsonValueKind.Number:
                return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var i) ? (long)Math.Truncate(i) : null;
            case "number" when kind == JsonValueKind.Number:
                return value.GetValue<double>();
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
                return kind == JsonValueKind.True;
            case "date" when kind == JsonValueKind.String:
                return HumanDuration.TryParseTime(value.GetValue<string>(), out var time) ? HumanDuration.Format(now - time) : "<invalid>";
            default:
                return null;
        }
    }
}
