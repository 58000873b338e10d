using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule).</summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public static PolicyRule FromJson(JsonObject rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(
            Strings(rule, "verbs"),
            Strings(rule, "apiGroups"),
            Strings(rule, "resources"),
            Strings(rule, "resourceNames"),
            Strings(rule, "nonResourceURLs"));
    }

    /// <summary>The rule as stored, empty lists omitted.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        Add(json, "verbs", Verbs);
        Add(json, "apiGroups", ApiGroups);
        Add(json, "resources", Resources);
        Add(json, "resourceNames", ResourceNames);
        Add(json, "nonResourceURLs", NonResourceUrls);
        return json;
    }

    /// <summary>
    /// Kubernetes' rbacv1helpers.CompactString, as escalation errors list missing rules:
    /// <c>{APIGroups:[""], Resources:["pods"], Verbs:["patch"]}</c> (empty lists left out, values Go-quoted).
    /// </summary>
    public string ToCompactString()
    {
        var parts = new List<string>(5);
        AddCompact(parts, "APIGroups", ApiGroups);
        AddCompact(parts, "Resources", Resources);
        AddCompact(parts, "NonResourceURLs", NonResourceUrls);
        AddCompact(parts, "ResourceNames", ResourceNames);
        AddCompact(parts, "Verbs", Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's <c>%q</c> of a <c>[]string</c>: <c>["a" "b"]</c>.</summary>
    internal static string GoQuoteList(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(GoQuote.Quote)) + "]";

    internal static IReadOnlyList<string> Strings(JsonObject json, string name) => json[name] is JsonArray array
        ? [.. array.Where(item => item?.GetValueKind() == JsonValueKind.String).Select(item => item!.GetValue<string>())]
        : [];

    private static void AddCompact(List<string> parts, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add(name + ":" + GoQuoteList(values));
        }
    }

    private static void Add(JsonObject json, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            json[name] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
    }
}
