using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>
/// Builds the meta.k8s.io/v1 Table the API server answers to <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>:
/// Kubernetes' own columns for built-in resources (pkg/printers/internalversion/printers.go), the CRD's
/// additionalPrinterColumns for custom resources, and Name/Created At for other resources (the default table
/// convertor of k8s.io/apiserver/pkg/registry/rest/table.go).
/// </summary>
public static class TablePrinter
{
    public static JsonObject ToTable(IReadOnlyList<JsonObject> objects, ResourceType type, DateTimeOffset now, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(type);
        options ??= new TableOptions();
        var printer = PrinterFor(type);

        var metadata = new JsonObject();
        if (options.ResourceVersion is not null)
        {
            metadata["resourceVersion"] = options.ResourceVersion;
        }

        if (!string.IsNullOrEmpty(options.Continue))
        {
            metadata["continue"] = options.Continue;
        }

        var columns = new JsonArray();
        foreach (var column in printer.Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. printer.Cells(obj, now).Select(c => c?.DeepClone())]) };
            if (RowConditions(obj, type) is { } conditions)
            {
                row["conditions"] = conditions;
            }

            switch (options.IncludeObject)
            {
                case IncludeObject.Metadata:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
                    };
                    break;
                case IncludeObject.Object:
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    break;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    /// <summary>The printer of a resource type: built-in, from the CRD columns, or the default.</summary>
    public static ResourcePrinter PrinterFor(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsCustomResource)
        {
            return CustomResourcePrinter.Create(type.PrinterColumns ?? []);
        }

        return BuiltInPrinters.Find(type.Group, type.Resource) ?? DefaultPrinter;
    }

    /// <summary>The default table convertor: Name and Created At (RFC 3339, UTC).</summary>
    public static ResourcePrinter DefaultPrinter { get; } = new(
        [
            new TableColumn("Name", "string", ObjectMetaDocs.Name, Format: "name"),
            new TableColumn("Created At", "date", ObjectMetaDocs.CreationTimestamp),
        ],
        (obj, _) => [Cells.Name(obj), CreatedAt(obj)]);

    private static JsonNode? CreatedAt(JsonObject obj) =>
        HumanDuration.TryParseTime(JsonAccess.String(obj["metadata"], "creationTimestamp"), out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>printPod marks finished pods with the Completed row condition.</summary>
    private static JsonArray? RowConditions(JsonObject obj, ResourceType type)
    {
        if (type.Group.Length != 0 || type.Resource != "pods")
        {
            return null;
        }

        var phase = JsonAccess.String(obj["status"], "phase");
        return phase is "Succeeded" or "Failed"
            ? [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = phase, ["message"] = "The pod has completed successfully." }]
            : null;
    }
}
