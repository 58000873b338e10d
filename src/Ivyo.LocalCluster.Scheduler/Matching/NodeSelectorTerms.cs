using System.Globalization;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// Node selector terms as Kubernetes' <c>nodeaffinity.NodeSelector</c> matches them: terms are ORed, a term's
/// matchExpressions (labels) and matchFields (only <c>metadata.name</c>) are ANDed, a term with neither matches nothing.
/// Operators In, NotIn, Exists, DoesNotExist, Gt and Lt (integers).
/// </summary>
public static class NodeSelectorTerms
{
    public static bool AnyMatches(IEnumerable<V1NodeSelectorTerm>? terms, V1Node node) =>
        terms?.Any(t => Matches(t, node)) == true;

    public static bool Matches(V1NodeSelectorTerm? term, V1Node node)
    {
        var expressions = term?.MatchExpressions ?? [];
        var fields = term?.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        if (!expressions.All(e => RequirementMatches(e, labels.TryGetValue(e.Key, out var v), v)))
        {
            return false;
        }

        var name = node.Metadata?.Name ?? "";
        return fields.All(f => f.Key == "metadata.name" && RequirementMatches(f, true, name));
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement requirement, bool has, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => has && values.Contains(value!),
            "NotIn" => !has || !values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && Compare(value!, values) is > 0,
            "Lt" => has && Compare(value!, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string label, IList<string> values)
    {
        if (values.Count != 1
            || !long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
            || !long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var right))
        {
            return null;
        }

        return left.CompareTo(right);
    }
}
