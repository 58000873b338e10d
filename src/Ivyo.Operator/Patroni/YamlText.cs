using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ivyo.Operator.Patroni;

/// <summary>
/// Writes JSON values as block YAML, deterministically: mapping keys in ordinal order (as Go's YAML encoder sorts
/// them), no line folding, <c>\n</c> line breaks, and quotes around every string that a YAML 1.1 or 1.2 reader could
/// take for something else (<c>off</c>, <c>5432</c>, <c>null</c>, ...). Patroni reads its files with PyYAML (YAML 1.1).
/// </summary>
internal static class YamlText
{
    private static readonly HashSet<string> s_reservedWords = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
        "null", "Null", "NULL", "~", "=", "<<",
    };

    public static string Serialize(JsonNode? node, string header = "")
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        writer.Write(header);
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(Emitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonObject mapping:
                var style = mapping.Count == 0 ? MappingStyle.Flow : MappingStyle.Block;
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, style));
                foreach (var (key, value) in mapping.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    emitter.Emit(Text(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true,
                    sequence.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in sequence)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        emitter.Emit(Text(node.GetValue<string>()));
                        break;
                    case JsonValueKind.True:
                        emitter.Emit(Plain("true"));
                        break;
                    case JsonValueKind.False:
                        emitter.Emit(Plain("false"));
                        break;
                    case JsonValueKind.Number:
                        // The number exactly as JSON spells it, which YAML reads as the same number.
                        emitter.Emit(Plain(node.ToJsonString()));
                        break;
                    default:
                        emitter.Emit(Plain("null"));
                        break;
                }

                break;
        }
    }

    private static Scalar Plain(string value) => new(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, true, false);

    /// <summary>A string scalar: plain when that reads back as the same string, else quoted.</summary>
    private static Scalar Text(string value)
    {
        // The emitter itself falls back from plain to quoted when the text cannot be plain (":", "#", "*" first, ...).
        var style = value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? ScalarStyle.DoubleQuoted
            : NeedsQuotes(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Plain;
        return new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true);
    }

    /// <summary>Whether a plain scalar would read as a boolean, null or number; numbers are caught broadly.</summary>
    internal static bool NeedsQuotes(string value)
    {
        if (value.Length == 0 || s_reservedWords.Contains(value) || value != value.Trim())
        {
            return true;
        }

        var first = value[0];
        if (char.IsAsciiDigit(first))
        {
            return true;
        }

        if (first is '+' or '-' or '.')
        {
            var rest = value.TrimStart('+', '-');
            return rest.Length > 0 && (char.IsAsciiDigit(rest[0]) || rest[0] == '.');
        }

        return false;
    }
}
