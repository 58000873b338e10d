using System.Text.Json.Nodes;

namespace Ivyo.Schema.Tests;

internal static class NodeExtensions
{
    public static JsonNode Also(this JsonNode node, Action<JsonNode> change)
    {
        change(node);
        return node;
    }
}
