using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>
/// Whether two JSON documents mean the same: objects compared by their members whatever the order, arrays element by
/// element, numbers by value (<c>1</c>, <c>1.0</c> and <c>1e0</c> are one number, as Python's and .NET's serializers
/// may write them differently). <see cref="JsonNode.DeepEquals"/> compares number text.
/// </summary>
public static class JsonSemantics
{
    public static bool Same(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (JsonObject a, JsonObject b):
                return a.Count == b.Count && a.All(pair => b.TryGetPropertyValue(pair.Key, out var other) && Same(pair.Value, other));
            case (JsonArray a, JsonArray b):
                return a.Count == b.Count && a.Zip(b).All(pair => Same(pair.First, pair.Second));
            case (JsonValue a, JsonValue b):
                var kind = a.GetValueKind();
                if (kind != b.GetValueKind())
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.Number => Number(a) == Number(b),
                    JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
                    _ => true, // true, false and null carry no more than their kind
                };
            default:
                return false;
        }
    }

    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
