using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Registry.Json;

/// <summary>Small readers and writers over stored objects, tolerant of missing and mistyped fields.</summary>
internal static class JsonAccess
{
    public static JsonObject? Object(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static JsonArray? Array(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonArray;

    /// <summary>The objects of an array field, skipping anything else.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node, string name) =>
        Array(node, name)?.OfType<JsonObject>() ?? [];

    public static string? String(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : null;

    public static bool? Boolean(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    /// <summary>True when the field is absent or JSON null (Go's nil pointer after decoding).</summary>
    public static bool IsUnset(JsonObject obj, string name) =>
        !obj.TryGetPropertyValue(name, out var value) || value is null;

    /// <summary>True when the field is unset or Go's zero value for a string ("").</summary>
    public static bool IsEmptyString(JsonObject obj, string name) =>
        IsUnset(obj, name) || (obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0);

    /// <summary>Sets the field when unset; the value is created only then.</summary>
    public static void Default(JsonObject obj, string name, Func<JsonNode?> value)
    {
        if (IsUnset(obj, name))
        {
            obj[name] = value();
        }
    }

    public static void Default(JsonObject obj, string name, string value)
    {
        if (IsEmptyString(obj, name))
        {
            obj[name] = value;
        }
    }

    public static void Default(JsonObject obj, string name, long value)
    {
        if (IsUnset(obj, name))
        {
            obj[name] = value;
        }
    }

    public static void Default(JsonObject obj, string name, bool value)
    {
        if (IsUnset(obj, name))
        {
            obj[name] = value;
        }
    }

    /// <summary>The object at the field, created (and replacing a null) when absent.</summary>
    public static JsonObject Ensure(JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static IReadOnlyList<string> Strings(JsonNode? node, string name) =>
        Array(node, name)?.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
        ?? (IReadOnlyList<string>)[];

    public static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
