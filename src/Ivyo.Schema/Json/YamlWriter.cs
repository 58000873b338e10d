using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Ivyo.Schema.Json;

/// <summary>
/// Writes JSON values as block YAML with keys in ordinal order; strings that would read back as another type
/// (true, "5", null, ...) are double-quoted, so <see cref="YamlJson"/> and kubectl read the same value back.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var writer = new StringWriter();
        new SerializerBuilder().Build().Serialize(writer, ToYaml(node));
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var mapping = new YamlMappingNode();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    mapping.Add(StringScalar(key), ToYaml(value));
                }

                if (obj.Count == 0)
                {
                    mapping.Style = MappingStyle.Flow;
                }

                return mapping;
            case JsonArray array:
                var sequence = new YamlSequenceNode(array.Select(ToYaml));
                if (array.Count == 0)
                {
                    sequence.Style = SequenceStyle.Flow;
                }

                return sequence;
            default:
                return JsonValues.KindOf(node) switch
                {
                    JsonKind.Null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
                    JsonKind.String => StringScalar(JsonValues.GetString(node!)),
                    JsonKind.Boolean => new YamlScalarNode(JsonValues.GetBoolean(node!) ? "true" : "false") { Style = ScalarStyle.Plain },
                    _ => new YamlScalarNode(node!.ToJsonString()) { Style = ScalarStyle.Plain },
                };
        }
    }

    /// <summary>Several values as one multi-document stream, each document starting with <c>---</c>.</summary>
    public static string WriteStream(IEnumerable<JsonNode?> nodes) =>
        string.Concat(nodes.Select(node => "---\n" + Write(node)));

    // Multi-line strings (scripts, configuration files) print as literal blocks, as kubectl shows them; the emitter
    // falls back to a quoted scalar where a block can't represent the text exactly.
    private static YamlScalarNode StringScalar(string text) =>
        new(text)
        {
            Style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
                : YamlJson.ReadsAsString(text) ? ScalarStyle.Any : ScalarStyle.DoubleQuoted,
        };
}
