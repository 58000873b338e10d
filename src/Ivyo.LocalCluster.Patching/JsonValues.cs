using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>Kinds and comparisons of JSON nodes with the semantics of Go's decoded JSON values.</summary>
internal static class JsonValues
{
    /// <summary>The JSON kind of a node; <c>null</c> nodes are <see cref="JsonValueKind.Null"/>, true and false are one kind.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind() is JsonValueKind.False ? JsonValueKind.True : node.GetValueKind(),
    };

    /// <summary>Go's <c>==</c> on two decoded scalars (strings, numbers, booleans, nil); objects and arrays never compare equal.</summary>
    public static bool ScalarEquals(JsonNode? left, JsonNode? right)
    {
        var kind = KindOf(left);
        if (kind != KindOf(right))
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                return string.Equals(left!.GetValue<string>(), right!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.True:
                return left!.GetValue<bool>() == right!.GetValue<bool>();
            case JsonValueKind.Number:
                var l = left!.ToJsonString();
                var r = right!.ToJsonString();
                if (long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var li)
                    && long.TryParse(r, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ri))
                {
                    return li == ri;
                }

                // Kubernetes decodes integers as int64 and the rest as float64: an int never equals a float.
                var lInt = long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                var rInt = long.TryParse(r, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                return lInt == rInt
                    && double.Parse(l, CultureInfo.InvariantCulture) == double.Parse(r, CultureInfo.InvariantCulture);
            default:
                return false;
        }
    }

    /// <summary>
    /// The structural equality of evanphx/json-patch v4 used by the <c>test</c> operation: scalars compare by their
    /// compact JSON text, arrays element-wise, objects member-wise (same member count, each member equal).
    /// </summary>
    public static bool PatchTestEquals(JsonNode? actual, JsonNode? expected)
    {
        switch (actual)
        {
            case null:
                return expected is null;
            case JsonObject obj:
                if (expected is not JsonObject other || obj.Count != other.Count)
                {
                    return false;
                }

                foreach (var (key, value) in obj)
                {
                    if (!other.TryGetPropertyValue(key, out var otherValue))
                    {
                        return false;
                    }

                    if (value is null && otherValue is null)
                    {
                        continue;
                    }

                    if (value is null || otherValue is null || !PatchTestEquals(value, otherValue))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray array:
                if (expected is not JsonArray otherArray || array.Count != otherArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (!PatchTestEquals(array[i], otherArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return expected is JsonValue && string.Equals(actual.ToJsonString(), expected.ToJsonString(), StringComparison.Ordinal);
        }
    }
}
