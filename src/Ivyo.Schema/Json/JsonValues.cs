using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.Schema.Json;

/// <summary>
/// Reads JSON nodes the way Kubernetes' unstructured decoding sees them: a number is an int64 when its literal
/// parses as one, otherwise a float64 (k8s.io/apimachinery/pkg/util/json convertNumber).
/// </summary>
internal static class JsonValues
{
    public static JsonKind KindOf(JsonNode? node) => node switch
    {
        null => JsonKind.Null,
        JsonObject => JsonKind.Object,
        JsonArray => JsonKind.Array,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => JsonKind.String,
            JsonValueKind.True or JsonValueKind.False => JsonKind.Boolean,
            JsonValueKind.Number => TryGetInt64(value, out _) ? JsonKind.Integer : JsonKind.Number,
            JsonValueKind.Null or JsonValueKind.Undefined => JsonKind.Null,
            _ => JsonKind.Null,
        },
        _ => JsonKind.Null,
    };

    /// <summary>The schema type name of the kind, as the OpenAPI type validator reports it.</summary>
    public static string TypeName(JsonKind kind) => kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Boolean => "boolean",
        JsonKind.Integer => "integer",
        JsonKind.Number => "number",
        JsonKind.String => "string",
        JsonKind.Array => "array",
        JsonKind.Object => "object",
        _ => "null",
    };

    public static bool TryGetInt64(JsonNode? node, out long result)
    {
        result = 0;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        return long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    public static double GetDouble(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string GetString(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(node.ToJsonString()) ?? string.Empty;

    public static bool GetBoolean(JsonNode node) => node.GetValueKind() == JsonValueKind.True;

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>Semantic equality: numbers compare by value, objects ignore key order.</summary>
    public static bool SemanticEquals(JsonNode? a, JsonNode? b)
    {
        var ka = KindOf(a);
        var kb = KindOf(b);
        var numeric = ka is JsonKind.Integer or JsonKind.Number && kb is JsonKind.Integer or JsonKind.Number;
        if (ka != kb && !numeric)
        {
            return false;
        }

        switch (ka)
        {
            case JsonKind.Null:
                return true;
            case JsonKind.Boolean:
                return GetBoolean(a!) == GetBoolean(b!);
            case JsonKind.String:
                return string.Equals(GetString(a!), GetString(b!), StringComparison.Ordinal);
            case JsonKind.Integer when kb == JsonKind.Integer:
                TryGetInt64(a, out var la);
                TryGetInt64(b, out var lb);
                return la == lb;
            case JsonKind.Integer or JsonKind.Number:
                return GetDouble(a!).Equals(GetDouble(b!));
            case JsonKind.Array:
                var xa = (JsonArray)a!;
                var xb = (JsonArray)b!;
                if (xa.Count != xb.Count)
                {
                    return false;
                }

                for (var i = 0; i < xa.Count; i++)
                {
                    if (!SemanticEquals(xa[i], xb[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !SemanticEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>
    /// A canonical text for a value, as Go's json.Marshal writes it (object keys sorted), with integers and
    /// floats kept apart like Go map keys of type int64 and float64.
    /// </summary>
    public static string CanonicalKey(JsonNode? node)
    {
        var kind = KindOf(node);
        return kind switch
        {
            JsonKind.Integer => "i:" + node!.ToJsonString(),
            JsonKind.Number => "f:" + GetDouble(node!).ToString("R", CultureInfo.InvariantCulture),
            JsonKind.Object or JsonKind.Array => "c:" + Canonical(node),
            _ => "s:" + (node?.ToJsonString() ?? "null"),
        };
    }

    private static string Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var parts = obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value));
                return "{" + string.Join(',', parts) + "}";
            case JsonArray array:
                return "[" + string.Join(',', array.Select(Canonical)) + "]";
            default:
                return node?.ToJsonString() ?? "null";
        }
    }

    /// <summary>Converts a value held in a schema model (JsonElement, JsonNode, YAML objects or plain CLR values) to a JSON node.</summary>
    public static JsonNode? FromObject(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case sbyte or byte or short or ushort or int or uint or long:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong ul:
                return JsonValue.Create(ul);
            case float or double or decimal:
                return JsonNode.Parse(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
            case IDictionary dictionary:
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FromObject(entry.Value);
                }

                return obj;
            case IEnumerable enumerable:
                var array = new JsonArray();
                foreach (var item in enumerable)
                {
                    array.Add(FromObject(item));
                }

                return array;
            default:
                return JsonSerializer.SerializeToNode(value, value.GetType());
        }
    }

    /// <summary>Converts a JSON node to plain CLR values (long, double, string, bool, dictionaries and lists) that YAML and JSON serializers write naturally.</summary>
    public static object? ToPlainObject(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonKind.Null:
                return null;
            case JsonKind.Boolean:
                return GetBoolean(node!);
            case JsonKind.Integer:
                TryGetInt64(node, out var l);
                return l;
            case JsonKind.Number:
                return GetDouble(node!);
            case JsonKind.String:
                return GetString(node!);
            case JsonKind.Array:
                return ((JsonArray)node!).Select(ToPlainObject).ToList();
            default:
                var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in (JsonObject)node!)
                {
                    result[key] = ToPlainObject(value);
                }

                return result;
        }
    }
}
