namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A kube-scheduler PreScore+Score(+NormalizeScore) plugin. <see cref="PreScore"/> sees all feasible nodes and returns
/// the scorer, or null to skip (the plugin then adds nothing to any node, as a Skip status does).
/// </summary>
public interface IScorePlugin
{
    string Name { get; }

    NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes);
}
