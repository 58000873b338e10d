using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Matching;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodeAffinity plugin. Filter: <c>spec.nodeSelector</c> and the required node affinity must match
/// (<c>node(s) didn't match Pod's node affinity/selector</c>, unresolvable). PreFilter: when every required term names
/// nodes with <c>matchFields metadata.name In</c>, only those nodes are filtered (the rest count as
/// <c>node(s) didn't satisfy plugin(s) [NodeAffinity]</c>), and terms naming no common node reject the pod
/// (<c>pod affinity terms conflict</c>). Score: the sum of the weights of matching preferred terms, normalized so the
/// best node gets 100.
/// </summary>
public sealed class NodeAffinity : IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public const string ConflictReason = "pod affinity terms conflict";

    public string Name => "NodeAffinity";

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var required = cycle.Pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null && cycle.Pod.Spec?.NodeSelector is null)
        {
            return PreFilterResult.Skip;
        }

        var affinity = new RequiredNodeAffinity(cycle.Pod);
        var result = PreFilterResult.With(node => affinity.Matches(node.Node) ? null : FilterStatus.Unresolvable(Reason));
        var terms = required?.NodeSelectorTerms ?? [];
        if (terms.Count == 0)
        {
            return result;
        }

        HashSet<string>? names = null;
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == "metadata.name" && field.OperatorProperty == "In")
                {
                    var values = (field.Values ?? []).ToHashSet(StringComparer.Ordinal);
                    termNames = termNames is null ? values : termNames.Intersect(values, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                }
            }

            if (termNames is null)
            {
                return result;
            }

            names = names is null ? termNames : names.Union(termNames, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        }

        return names is { Count: 0 } ? PreFilterResult.Reject(FilterStatus.Unresolvable(ConflictReason)) : result with { NodeNames = names };
    }

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferred = cycle.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is not { Count: > 0 })
        {
            return null;
        }

        return new NodeScorer(
            node => preferred.Where(t => t.Weight != 0 && NodeSelectorTerms.Matches(t.Preference, node.Node)).Sum(t => (long)t.Weight),
            scores => NormalizeScores.Default(scores, reverse: false));
    }
}
