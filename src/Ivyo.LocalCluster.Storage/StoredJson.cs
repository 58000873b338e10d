using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// How both stores turn objects into stored bytes and back: the stored form never has <c>metadata.resourceVersion</c>;
/// every object handed out is a fresh instance stamped with its modification revision, so callers may mutate it.
/// </summary>
internal static class StoredJson
{
    public static byte[] Serialize(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var copy = (JsonObject)value.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
        }

        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    public static JsonObject Deserialize(ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var value = JsonNode.Parse(stored) as JsonObject
            ?? throw new InvalidDataException("A stored value is not a JSON object.");
        if (value["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            value["metadata"] = metadata;
        }

        metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        return value;
    }

    public static StoredObject ToStoredObject(string key, ReadOnlySpan<byte> stored, long createRevision, long modRevision) =>
        new(key, Deserialize(stored, modRevision), createRevision, modRevision);
}
