using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>A SelfSubjectRulesReview status.nonResourceRules entry.</summary>
public sealed record NonResourceRuleInfo(IReadOnlyList<string> Verbs, IReadOnlyList<string> NonResourceUrls)
{
    public JsonObject ToJson() => new PolicyRule(Verbs, [], [], [], NonResourceUrls).ToJson();
}
