using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Registry.Tests;

internal static class Objects
{
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Asserts that the expected JSON equals the actual object, ignoring property order.</summary>
    public static void AssertJsonEqual(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }
}
