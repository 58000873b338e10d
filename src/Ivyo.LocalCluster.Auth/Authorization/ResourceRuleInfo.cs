using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>A SelfSubjectRulesReview status.resourceRules entry.</summary>
public sealed record ResourceRuleInfo(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames)
{
    public JsonObject ToJson() => new PolicyRule(Verbs, ApiGroups, Resources, ResourceNames, []).ToJson();
}
