using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Cel;

/// <summary>
/// Turns a JSON value into the values the Cel package evaluates: objects become dictionaries (declared properties
/// under their escaped names, map entries under their keys), arrays lists, integers <see cref="long"/>, numbers
/// <see cref="double"/>; strings with format date-time become timestamps and with format duration durations,
/// as in Kubernetes (k8s.io/apiserver/pkg/cel/common/values.go).
/// </summary>
internal static class CelValueConverter
{
    public static object? Convert(JsonNode? node, V1JSONSchemaProps? schema, bool isResourceRoot)
    {
        switch (JsonValues.KindOf(node))
        {
            case JsonKind.Null:
                return null;
            case JsonKind.Boolean:
                return JsonValues.GetBoolean(node!);
            case JsonKind.Integer:
                JsonValues.TryGetInt64(node, out var l);
                return l;
            case JsonKind.Number:
                return JsonValues.GetDouble(node!);
            case JsonKind.String:
                return ConvertString(JsonValues.GetString(node!), schema);
            case JsonKind.Array:
                var items = schema?.ItemsSchema();
                return ((JsonArray)node!).Select(item => Convert(item, items, items?.IsEmbeddedResource() == true)).ToList();
            default:
                return ConvertObject((JsonObject)node!, schema, isResourceRoot);
        }
    }

    private static object ConvertString(string value, V1JSONSchemaProps? schema)
    {
        switch (schema?.Format)
        {
            case "date-time" when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time):
                return time;
            case "duration" when TryParseGoDuration(value, out var duration):
                return duration;
            default:
                return value;
        }
    }

    private static Dictionary<string, object?> ConvertObject(JsonObject obj, V1JSONSchemaProps? schema, bool isResourceRoot)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var declared = schema?.Properties is { Count: > 0 };
        foreach (var (key, value) in obj)
        {
            if (isResourceRoot && key == "metadata" && value is JsonObject metadata)
            {
                // Only name and generateName of the object metadata are visible to rules.
                var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in new[] { "name", "generateName" })
                {
                    if (metadata.TryGetPropertyValue(field, out var v) && v is not null)
                    {
                        meta[field] = Convert(v, null, false);
                    }
                }

                result[key] = meta;
                continue;
            }

            if (declared && schema!.Property(key) is { } prop)
            {
                if (CelPropertyNames.TryEscape(key, out var escaped))
                {
                    result[escaped] = Convert(value, prop, prop.IsEmbeddedResource());
                }

                continue;
            }

            var fieldSchema = schema?.AdditionalPropertiesSchema();
            result[key] = Convert(value, fieldSchema, fieldSchema?.IsEmbeddedResource() == true);
        }

        return result;
    }

    private static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var rest = text;
        var negative = rest.StartsWith('-');
        if (negative || rest.StartsWith('+'))
        {
            rest = rest[1..];
        }

        var totalTicks = 0d;
        while (rest.Length > 0)
        {
            var i = 0;
            while (i < rest.Length && (char.IsAsciiDigit(rest[i]) || rest[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !double.TryParse(rest[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            rest = rest[i..];
            var unit = new string(rest.TakeWhile(c => !char.IsAsciiDigit(c) && c != '.').ToArray());
            rest = rest[unit.Length..];
            double? ticksPerUnit = unit switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            totalTicks += amount * ticksPerUnit.Value;
        }

        duration = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }
}
