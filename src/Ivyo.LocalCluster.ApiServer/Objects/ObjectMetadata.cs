using System.Globalization;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>Reads and writes the metadata fields of a JSON object, as the API server manages them.</summary>
public static class ObjectMetadata
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? "";

    public static string? ResourceVersion(JsonObject obj) => (string?)obj["metadata"]?["resourceVersion"];

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray finalizers ? [.. finalizers.Select(f => (string?)f ?? "")] : [];

    /// <summary>Kubernetes' timestamps: RFC 3339, UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
