using System.Text.Json.Nodes;
using Ivyo.Schema.Json;

namespace Ivyo.Schema.Structural;

/// <summary>
/// Differences between two structural schemas that matter to Kubernetes: types, formats, defaults, validations,
/// list and map semantics, required fields. Descriptions are ignored, an absent list type equals <c>atomic</c>, and
/// <c>x-kubernetes-map-type</c> (only server-side apply reads it) is ignored. Properties only the candidate has are
/// allowed: a newer schema may accept more.
/// </summary>
public static class SchemaDiff
{
    private static readonly string[] s_comparedKeywords =
    [
        "type", "format", "default", "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-int-or-string",
        "x-kubernetes-preserve-unknown-fields", "pattern", "enum", "minLength", "maxLength", "minimum", "maximum", "nullable",
        "minItems", "maxItems",
    ];

    /// <summary>Every way <paramref name="candidate"/> fails to accept and default exactly what <paramref name="reference"/> does.</summary>
    public static IReadOnlyList<string> Differences(JsonNode reference, JsonNode candidate, string path = "")
    {
        var differences = new List<string>();
        Compare(reference, candidate, path, differences);
        return differences;
    }

    private static void Compare(JsonNode reference, JsonNode candidate, string path, List<string> differences)
    {
        foreach (var keyword in s_comparedKeywords)
        {
            var r = reference[keyword];
            var c = candidate[keyword];
            if (keyword == "x-kubernetes-list-type" && r is null && c?.GetValue<string>() == "atomic")
            {
                continue;
            }

            if (!JsonValues.SemanticEquals(r, c))
            {
                differences.Add($"{path}: {keyword} is {c?.ToJsonString() ?? "absent"}, reference has {r?.ToJsonString() ?? "absent"}");
            }
        }

        var referenceProperties = reference["properties"]?.AsObject();
        var candidateProperties = candidate["properties"]?.AsObject();
        var referenceNames = referenceProperties?.Select(p => p.Key).ToHashSet() ?? [];
        var candidateNames = candidateProperties?.Select(p => p.Key).ToHashSet() ?? [];
        var referenceRequired = Names(reference["required"]);
        var candidateRequired = Names(candidate["required"]);
        var missing = referenceRequired.Where(candidateNames.Contains).Except(candidateRequired).ToList();
        var extra = candidateRequired.Except(referenceRequired).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            differences.Add($"{path}: required lacks [{string.Join(", ", missing)}] and adds [{string.Join(", ", extra)}]");
        }

        foreach (var name in referenceNames.Order(StringComparer.Ordinal))
        {
            if (!candidateNames.Contains(name))
            {
                differences.Add($"{path}.{name}: missing");
                continue;
            }

            Compare(referenceProperties![name]!, candidateProperties![name]!, $"{path}.{name}", differences);
        }

        CompareChild(reference, candidate, "items", path + "[]", differences);
        CompareChild(reference, candidate, "additionalProperties", path + "{}", differences);
        if (reference["anyOf"] is JsonArray anyOf && !JsonValues.SemanticEquals(anyOf, candidate["anyOf"]))
        {
            differences.Add($"{path}: anyOf differs");
        }
    }

    private static void CompareChild(JsonNode reference, JsonNode candidate, string keyword, string path, List<string> differences)
    {
        if (reference[keyword] is not JsonObject referenceChild)
        {
            return;
        }

        if (candidate[keyword] is JsonObject candidateChild)
        {
            Compare(referenceChild, candidateChild, path, differences);
        }
        else
        {
            differences.Add($"{path}: {keyword} missing");
        }
    }

    private static HashSet<string> Names(JsonNode? list) =>
        list?.AsArray().Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
}
