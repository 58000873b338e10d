using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ivyo.Schema.Json;

/// <summary>
/// Converts YAML documents to JSON the way kubectl does (sigs.k8s.io/yaml on go-yaml v2): plain scalars resolve
/// to null, booleans (true/false, yes/no, on/off, y/n), integers (with 0x, 0o/0 and 0b prefixes and _ separators)
/// and floats; quoted scalars stay strings.
/// </summary>
public static class YamlJson
{
    /// <summary>Parses every document of a YAML stream (empty documents are skipped).</summary>
    public static IReadOnlyList<JsonNode?> ParseAll(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" } || d.RootNode.Tag.IsEmpty is false)
            .Select(d => Convert(d.RootNode))
            .ToList();
    }

    /// <summary>Parses a single YAML document.</summary>
    public static JsonNode? Parse(string yaml)
    {
        var documents = ParseAll(yaml);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0],
            _ => throw new FormatException($"Expected one YAML document, found {documents.Count}."),
        };
    }

    /// <summary>Whether a plain (unquoted) scalar with this text reads back as the same string.</summary>
    internal static bool ReadsAsString(string text) =>
        text.Length > 0 && ConvertScalar(new YamlScalarNode(text) { Style = ScalarStyle.Plain }) is JsonValue value
            && value.TryGetValue<string>(out var s) && s == text && !text.StartsWith('.');

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "null" : throw new FormatException("YAML mapping keys must be scalars.");
            if (name == "<<" && value is YamlMappingNode merged)
            {
                foreach (var (mk, mv) in ConvertMapping(merged))
                {
                    obj[mk] ??= mv?.DeepClone();
                }

                continue;
            }

            obj[name] = Convert(value);
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(text);
        }

        if (TryParseInteger(text, out var integer))
        {
            return JsonValue.Create(integer);
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (LooksNumeric(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    private static bool LooksNumeric(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text.Length > 1 && text[0] is '-' or '+' or '.' && (char.IsAsciiDigit(text[1]) || text[1] == '.')));

    // strconv.ParseInt(s, 0, 64) after removing underscores, as go-yaml v2 resolves plain scalars.
    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = plain.StartsWith('-');
        var digits = plain.TrimStart('-', '+');
        if (plain.Length - digits.Length > 1 || digits.Length == 0)
        {
            return false;
        }

        ulong magnitude;
        try
        {
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                magnitude = System.Convert.ToUInt64(digits[2..], 16);
            }
            else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                magnitude = System.Convert.ToUInt64(digits[2..], 2);
            }
            else if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
            {
                magnitude = System.Convert.ToUInt64(digits[2..], 8);
            }
            else if (digits.Length > 1 && digits[0] == '0')
            {
                magnitude = System.Convert.ToUInt64(digits[1..], 8);
            }
            else if (digits.All(char.IsAsciiDigit))
            {
                magnitude = ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else
            {
                return false;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }

        if (negative ? magnitude > 9223372036854775808UL : magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }
}
