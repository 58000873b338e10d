using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Tests;

internal static class JsonAssert
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static JsonArray Ops(string json) => (JsonArray)JsonNode.Parse(json)!;

    /// <summary>Structural equality (member order ignored, array order significant).</summary>
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"Expected {expectedNode?.ToJsonString()}\nActual   {actual?.ToJsonString()}");
    }

    /// <summary>Exact text, member order included.</summary>
    public static void SameText(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), actual?.ToJsonString());
}
