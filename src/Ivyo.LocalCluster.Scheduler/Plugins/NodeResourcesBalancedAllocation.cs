using Ivyo.LocalCluster.Scheduler.Framework;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodeResourcesBalancedAllocation score: with the pod placed, the cpu and memory shares of
/// allocatable requested on the node (real requests, capped at 1) should be close; the score is
/// <c>(1 - |cpuShare - memoryShare| / 2) * 100</c>, truncated.
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IScorePlugin
{
    public string Name => "NodeResourcesBalancedAllocation";

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var request = PodRequests.Of(cycle.Pod);
        return new NodeScorer(node =>
        {
            var fractions = new List<double>();
            foreach (var (allocatable, requested) in new[]
            {
                (node.Allocatable.MilliCpu, node.Requested.MilliCpu + request.MilliCpu),
                (node.Allocatable.Memory, node.Requested.Memory + request.Memory),
            })
            {
                if (allocatable != 0)
                {
                    fractions.Add(Math.Min(1, (double)requested / allocatable));
                }
            }

            var deviation = fractions.Count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
            return (long)((1 - deviation) * ScoreLimits.MaxNodeScore);
        });
    }
}
