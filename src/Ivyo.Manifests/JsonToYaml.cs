using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ivyo.Manifests;

/// <summary>
/// Writes JSON as YAML the way <c>kubectl get -o yaml</c> prints objects: mapping keys sorted, block style, strings
/// quoted only where YAML would read them as something else.
/// </summary>
public static class JsonToYaml
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        using (var writer = new StringWriter(builder, CultureInfo.InvariantCulture))
        {
            var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false,
                maxSimpleKeyLength: 1024, skipAnchorName: true, indentSequences: false));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            Emit(emitter, node);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
        }

        return builder.ToString();
    }

    /// <summary>Several objects as one multi-document stream, separated by <c>---</c>.</summary>
    public static string WriteStream(IEnumerable<JsonNode?> nodes) =>
        string.Join("", nodes.Select(node => "---\n" + Write(node)));

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, value) in obj.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                EmitValue(emitter, value);
                break;
        }
    }

    private static void EmitValue(IEmitter emitter, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                emitter.Emit(new Scalar("true"));
                break;
            case JsonValueKind.False:
                emitter.Emit(new Scalar("false"));
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar("null"));
                break;
            default:
                emitter.Emit(new Scalar(value.ToJsonString()));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = ScalarStyle.Literal;
        }
        else if (NeedsQuotes(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            style = ScalarStyle.Any;
        }

        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    /// <summary>Whether a plain scalar would read back as something other than this string.</summary>
    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text != text.Trim())
        {
            return true;
        }

        try
        {
            var document = YamlToJson.ParseStream("k: " + text, "check");
            var parsed = document.Count == 1 ? document[0].Object["k"] : null;
            return parsed is not JsonValue parsedValue || parsedValue.GetValueKind() != JsonValueKind.String || parsedValue.GetValue<string>() != text;
        }
        catch (ManifestException)
        {
            return true;
        }
    }
}
