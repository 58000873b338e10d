using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// What a user may do in a namespace, for SelfSubjectRulesReview and <c>kubectl auth can-i --list</c>.
/// <see cref="EvaluationError"/> lists the bindings whose role is missing, as Kubernetes does.
/// </summary>
public sealed record SubjectRules(
    IReadOnlyList<ResourceRuleInfo> ResourceRules,
    IReadOnlyList<NonResourceRuleInfo> NonResourceRules,
    bool Incomplete,
    string EvaluationError)
{
    /// <summary>The SelfSubjectRulesReview status object.</summary>
    public JsonObject ToStatusJson()
    {
        var status = new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. ResourceRules.Select(r => (JsonNode?)r.ToJson())]),
            ["nonResourceRules"] = new JsonArray([.. NonResourceRules.Select(r => (JsonNode?)r.ToJson())]),
            ["incomplete"] = Incomplete,
        };
        if (EvaluationError.Length > 0)
        {
            status["evaluationError"] = EvaluationError;
        }

        return status;
    }
}
