using System.Globalization;
using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Matching;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's TaintToleration plugin. Filter: the node's first NoSchedule or NoExecute taint the pod does not
/// tolerate rejects it, as <c>node(s) had untolerated taint {key: value}</c> (unresolvable). Score: the number of
/// PreferNoSchedule taints not tolerated by the pod's tolerations with effect PreferNoSchedule or empty, normalized
/// in reverse so the node with fewest gets 100.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IScorePlugin
{
    public string Name => "TaintToleration";

    /// <summary>The reason for an untolerated taint, as 1.32 formats it.</summary>
    public static string Reason(string key, string? value) =>
        string.Create(CultureInfo.InvariantCulture, $"node(s) had untolerated taint {{{key}: {value}}}");

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var tolerations = cycle.Pod.Spec?.Tolerations;
        return PreFilterResult.With(node =>
            Tolerations.FirstUntolerated(node.Taints, tolerations, Tolerations.DoNotSchedule) is { } taint
                ? FilterStatus.Unresolvable(Reason(taint.Key, taint.Value))
                : null);
    }

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferNoSchedule = (cycle.Pod.Spec?.Tolerations ?? [])
            .Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule")
            .ToList();
        return new NodeScorer(
            node => node.Taints.Count(t => t.Effect == "PreferNoSchedule" && !Tolerations.TolerateAny(preferNoSchedule, t)),
            scores => NormalizeScores.Default(scores, reverse: true));
    }
}
