using Ivyo.LocalCluster.Scheduler.Framework;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodeName filter: a pod that already names a node fits only that node
/// (<c>node(s) didn't match the requested node name</c>, unresolvable).
/// </summary>
public sealed class NodeName : IFilterPlugin
{
    public const string Reason = "node(s) didn't match the requested node name";

    public string Name => "NodeName";

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var wanted = cycle.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted)
            ? PreFilterResult.Skip
            : PreFilterResult.With(node => node.Name == wanted ? null : FilterStatus.Unresolvable(Reason));
    }
}
