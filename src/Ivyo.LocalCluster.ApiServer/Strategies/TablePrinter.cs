using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Http;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Registry.Printing;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>Tables for kubectl, with Kubernetes' own columns per kind (see Ivyo.LocalCluster.Registry.Printing).</summary>
public sealed class TablePrinter : ITablePrinter
{
    public JsonObject ToTable(IReadOnlyList<JsonObject> objects, ServedResource resource, DateTimeOffset now, string includeObject) =>
        Registry.Printing.TablePrinter.ToTable(objects, resource.Type, now, new TableOptions(includeObject switch
        {
            "None" => IncludeObject.None,
            "Object" => IncludeObject.Object,
            _ => IncludeObject.Metadata,
        }));
}
