using Ivyo.LocalCluster.Scheduler.Framework;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodeResourcesFit plugin with the default LeastAllocated strategy. Filter: one more pod must fit
/// the node's allowed pod count (<c>Too many pods</c>), and the pod's requests must fit allocatable minus the requests
/// of the pods already there (<c>Insufficient cpu</c>, <c>Insufficient memory</c>, <c>Insufficient ephemeral-storage</c>,
/// <c>Insufficient &lt;resource&gt;</c>); all failing resources are reasons, resolvable by preemption (as in 1.32). A pod
/// without requests is only checked against the pod count. Score: for cpu and memory (weight 1 each), the free share
/// <c>(allocatable - requested) * 100 / allocatable</c> after placing the pod, with missing requests counted as
/// 100m/200Mi, averaged.
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin, IScorePlugin
{
    public const string TooManyPods = "Too many pods";

    public string Name => "NodeResourcesFit";

    public static string Insufficient(string resource) => "Insufficient " + resource;

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var request = PodRequests.Of(cycle.Pod);
        return PreFilterResult.With(node => Fits(request, node));
    }

    private static FilterStatus? Fits(ResourceAmounts request, NodeInfo node)
    {
        var reasons = new List<string>();
        if (node.Pods.Count + 1 > node.Allocatable.AllowedPods)
        {
            reasons.Add(TooManyPods);
        }

        if (!request.IsZero)
        {
            var allocatable = node.Allocatable;
            var requested = node.Requested;
            if (request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
            {
                reasons.Add(Insufficient("cpu"));
            }

            if (request.Memory > allocatable.Memory - requested.Memory)
            {
                reasons.Add(Insufficient("memory"));
            }

            if (request.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
            {
                reasons.Add(Insufficient("ephemeral-storage"));
            }

            foreach (var (name, amount) in request.Scalar.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (amount > allocatable.Scalar.GetValueOrDefault(name) - requested.Scalar.GetValueOrDefault(name))
                {
                    reasons.Add(Insufficient(name));
                }
            }
        }

        return reasons.Count == 0 ? null : FilterStatus.Unschedulable([.. reasons]);
    }

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var request = PodRequests.NonZeroOf(cycle.Pod);
        return new NodeScorer(node =>
        {
            long total = 0, weights = 0;
            foreach (var (allocatable, requested) in new[]
            {
                (node.Allocatable.MilliCpu, node.NonZeroRequested.MilliCpu + request.MilliCpu),
                (node.Allocatable.Memory, node.NonZeroRequested.Memory + request.Memory),
            })
            {
                if (allocatable == 0)
                {
                    continue;
                }

                total += requested > allocatable ? 0 : (allocatable - requested) * ScoreLimits.MaxNodeScore / allocatable;
                weights++;
            }

            return weights == 0 ? 0 : total / weights;
        });
    }
}
