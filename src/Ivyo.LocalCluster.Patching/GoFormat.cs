using System.Text;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>Formats JSON values the way Go's <c>%v</c> prints decoded JSON, so error messages read like Kubernetes'.</summary>
internal static class GoFormat
{
    public static string Value(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("<nil>");
                break;
            case JsonObject obj:
                builder.Append("map[");
                var first = true;
                foreach (var (key, member) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    builder.Append(key).Append(':');
                    Append(builder, member);
                }

                builder.Append(']');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    Append(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                var scalar = node.AsValue();
                if (scalar.TryGetValue<string>(out var text))
                {
                    builder.Append(text);
                }
                else if (scalar.TryGetValue<bool>(out var flag))
                {
                    builder.Append(flag ? "true" : "false");
                }
                else
                {
                    builder.Append(node.ToJsonString());
                }

                break;
        }
    }
}
