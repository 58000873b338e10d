using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Matching;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodeUnschedulable filter: a node with <c>spec.unschedulable</c> is rejected
/// (<c>node(s) were unschedulable</c>, unresolvable) unless the pod tolerates the
/// <c>node.kubernetes.io/unschedulable:NoSchedule</c> taint.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    public const string Reason = "node(s) were unschedulable";

    private static readonly V1Taint _unschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    public string Name => "NodeUnschedulable";

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var tolerates = Tolerations.TolerateAny(cycle.Pod.Spec?.Tolerations, _unschedulableTaint);
        return PreFilterResult.With(node =>
            node.Node.Spec?.Unschedulable == true && !tolerates ? FilterStatus.Unresolvable(Reason) : null);
    }
}
