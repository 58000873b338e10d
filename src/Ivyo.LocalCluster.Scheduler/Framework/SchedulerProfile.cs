using Ivyo.LocalCluster.Scheduler.Plugins;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// The plugins a scheduler runs, in order, with the score weights: kube-scheduler's profile. <see cref="Default"/> is
/// the v1.32 <c>default-scheduler</c> profile without the volume plugins and ImageLocality.
/// </summary>
public sealed record SchedulerProfile(IReadOnlyList<IFilterPlugin> Filters, IReadOnlyList<WeightedScorePlugin> Scores)
{
    /// <summary>
    /// Filters in kube-scheduler's order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
    /// NodeResourcesFit, PodTopologySpread, InterPodAffinity) and its default weights: TaintToleration 3, NodeAffinity 2,
    /// NodeResourcesFit 1, PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1.
    /// </summary>
    public static SchedulerProfile Default { get; } = CreateDefault();

    private static SchedulerProfile CreateDefault()
    {
        var taints = new TaintToleration();
        var nodeAffinity = new NodeAffinity();
        var fit = new NodeResourcesFit();
        var spread = new PodTopologySpread();
        var interPod = new InterPodAffinity();
        return new SchedulerProfile(
            [new NodeUnschedulable(), new NodeName(), taints, nodeAffinity, new NodePorts(), fit, spread, interPod],
            [
                new WeightedScorePlugin(taints, 3),
                new WeightedScorePlugin(nodeAffinity, 2),
                new WeightedScorePlugin(fit, 1),
                new WeightedScorePlugin(spread, 2),
                new WeightedScorePlugin(interPod, 2),
                new WeightedScorePlugin(new NodeResourcesBalancedAllocation(), 1),
            ]);
    }
}
