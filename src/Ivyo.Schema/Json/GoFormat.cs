using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ivyo.Schema.Json;

/// <summary>
/// Formats values the way Go's fmt package prints them in Kubernetes' field errors
/// (k8s.io/apimachinery/pkg/util/validation/field/errors.go ErrorBody: %v for numbers and booleans,
/// %q for strings, %#v for maps and slices of an unstructured object).
/// </summary>
internal static class GoFormat
{
    /// <summary>The value part of "Invalid value: X".</summary>
    public static string BadValue(JsonNode? value) => JsonValues.KindOf(value) switch
    {
        JsonKind.Null => Quote("null"),
        JsonKind.String => Quote(JsonValues.GetString(value!)),
        JsonKind.Object or JsonKind.Array => SharpV(value),
        _ => Simple(value!),
    };

    /// <summary>Go's %#v of an unstructured value (map[string]interface {}, []interface {}, scalars).</summary>
    public static string SharpV(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "interface {}(nil)";
            case JsonObject obj:
                var entries = obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + SharpV(p.Value));
                return "map[string]interface {}{" + string.Join(", ", entries) + "}";
            case JsonArray array:
                return "[]interface {}{" + string.Join(", ", array.Select(SharpV)) + "}";
            default:
                return JsonValues.KindOf(value) switch
                {
                    JsonKind.String => Quote(JsonValues.GetString(value)),
                    JsonKind.Null => "interface {}(nil)",
                    _ => Simple(value),
                };
        }
    }

    private static string Simple(JsonNode value) => JsonValues.KindOf(value) switch
    {
        JsonKind.Boolean => JsonValues.GetBoolean(value) ? "true" : "false",
        JsonKind.Integer => value.ToJsonString(),
        JsonKind.Number => Float(JsonValues.GetDouble(value)),
        _ => value.ToJsonString(),
    };

    /// <summary>Go's %v of a float64: the shortest representation, in exponent form when the exponent is below -4 or at least 6 (strconv 'g', -1).</summary>
    public static string Float(double value)
    {
        if (value == 0)
        {
            return 1 / value < 0 ? "-0" : "0";
        }

        var sign = value < 0 ? "-" : string.Empty;
        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var expSign = exponent < 0 ? "-" : "+";
            var expDigits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + expSign + expDigits;
        }

        var pointPosition = exponent + 1;
        string text;
        if (pointPosition <= 0)
        {
            text = "0." + new string('0', -pointPosition) + digits;
        }
        else if (pointPosition >= digits.Length)
        {
            text = digits + new string('0', pointPosition - digits.Length);
        }
        else
        {
            text = digits[..pointPosition] + "." + digits[pointPosition..];
        }

        return sign + text;
    }

    // Returns the shortest round-trip significant digits and the decimal exponent of the first digit.
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        var text = value.ToString("E16", CultureInfo.InvariantCulture);
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var ePos = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? roundTrip[..ePos] : roundTrip;
        var exp = ePos >= 0 ? int.Parse(roundTrip[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        var exponent = intPart.Length - 1 - leadingZeros + exp;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            all = text[..1];
        }

        return (all, exponent);
    }

    /// <summary>Go's strconv.Quote.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\a':
                    builder.Append("\\a");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\v':
                    builder.Append("\\v");
                    break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        builder.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (IsPrintable(rune))
                    {
                        builder.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x10000)
                    {
                        builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
