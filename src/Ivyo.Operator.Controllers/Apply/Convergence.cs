using System.Text.Json.Nodes;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Apply;

/// <summary>
/// Whether a live object already holds every field of an applied configuration, so that applying it again would
/// change nothing and can be skipped. The live object carries more than the configuration (defaults the API server
/// filled in, status, fields of other managers); those are ignored. Values compare as the API server stores them:
/// a field absent from the live object equals its zero value (Go's <c>omitempty</c> drops false, 0, "", [] and {}),
/// and two quantities are equal when their values are (<c>1024Mi</c> is <c>1Gi</c>).
/// </summary>
/// <remarks>
/// This alone cannot see a field that the configuration dropped: the live object still has it. The applier therefore
/// also compares a hash of the whole configuration, stored on the object (see <see cref="AppliedConfiguration"/>).
/// </remarks>
public static class Convergence
{
    /// <summary>Whether <paramref name="live"/> contains <paramref name="desired"/>.</summary>
    public static bool Contains(JsonNode? live, JsonNode? desired) => desired switch
    {
        null => true,
        JsonObject desiredObject => live switch
        {
            JsonObject liveObject => desiredObject.All(pair => Contains(liveObject[pair.Key], pair.Value)),
            null => IsZero(desiredObject),
            _ => false,
        },
        JsonArray desiredArray => live switch
        {
            JsonArray liveArray => liveArray.Count == desiredArray.Count && desiredArray.Select((item, i) => Contains(liveArray[i], item)).All(same => same),
            null => desiredArray.Count == 0,
            _ => false,
        },
        JsonValue desiredValue => live is null ? IsZero(desiredValue) : live is JsonValue liveValue && SameValue(liveValue, desiredValue),
        _ => false,
    };

    private static bool IsZero(JsonNode node) => node switch
    {
        JsonObject obj => obj.All(pair => pair.Value is null || IsZero(pair.Value)),
        JsonArray array => array.Count == 0,
        JsonValue value => value.TryGetValue<bool>(out var b) ? !b
            : value.TryGetValue<string>(out var s) ? s.Length == 0
            : value.TryGetValue<double>(out var d) && d == 0,
        _ => false,
    };

    private static bool SameValue(JsonValue live, JsonValue desired)
    {
        if (JsonNode.DeepEquals(live, desired))
        {
            return true;
        }

        if (live.TryGetValue<double>(out var liveNumber) && desired.TryGetValue<double>(out var desiredNumber))
        {
            return liveNumber == desiredNumber;
        }

        return live.TryGetValue<string>(out var liveText) && desired.TryGetValue<string>(out var desiredText)
            && SameQuantity(liveText, desiredText);
    }

    /// <summary>Whether both strings are quantities of equal value; the API server canonicalizes quantities it stores.</summary>
    private static bool SameQuantity(string live, string desired)
    {
        if (live.Length == 0 || desired.Length == 0 || !(char.IsAsciiDigit(desired[0]) || desired[0] is '.' or '+' or '-'))
        {
            return false;
        }

        try
        {
            return new ResourceQuantity(live).ToDecimal() == new ResourceQuantity(desired).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }
}
