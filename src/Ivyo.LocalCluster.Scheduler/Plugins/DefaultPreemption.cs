using Ivyo.LocalCluster.Scheduler.Framework;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// The PostFilter message of kube-scheduler's DefaultPreemption, without preempting anything. A pod with
/// <c>preemptionPolicy: Never</c> gets <c>preemption: not eligible due to preemptionPolicy=Never.</c>; otherwise only nodes
/// whose status is Unschedulable are dry-run: a node without lower-priority pods gives <c>No preemption victims found
/// for incoming pod</c>, a node that still does not fit once they are all gone gives the filters' status again, and
/// every other node <c>Preemption is not helpful for scheduling</c>; these are counted as a second FitError prefixed by
/// <c>preemption: </c>. When removing lower-priority pods would make a node fit, kube-scheduler would preempt them and
/// print no PostFilter message; this scheduler does not preempt and also prints none.
/// </summary>
public sealed class DefaultPreemption
{
    public const string NotHelpful = "Preemption is not helpful for scheduling";

    public const string NoVictims = "No preemption victims found for incoming pod";

    /// <summary>The PostFilter message; <paramref name="filterNode"/> runs all filters for one node of another snapshot.</summary>
    public string PostFilter(SchedulingCycle cycle, FitError diagnosis, Func<ClusterSnapshot, string, FilterStatus?> filterNode)
    {
        if (cycle.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return "preemption: not eligible due to preemptionPolicy=Never.";
        }

        var priority = cycle.Pod.Spec?.Priority ?? 0;
        var statuses = new Dictionary<string, FilterStatus>(StringComparer.Ordinal);
        foreach (var node in cycle.Nodes)
        {
            if (diagnosis.StatusOf(node.Name)?.Code != StatusCode.Unschedulable)
            {
                continue;
            }

            var victims = node.Pods.Where(p => (p.Spec?.Priority ?? 0) < priority).ToHashSet();
            if (victims.Count == 0)
            {
                statuses[node.Name] = FilterStatus.Unresolvable(NoVictims);
                continue;
            }

            var without = cycle.Snapshot with { Pods = cycle.Snapshot.Pods.Where(p => !victims.Contains(p)).ToList() };
            if (filterNode(without, node.Name) is { } status)
            {
                statuses[node.Name] = status;
            }
            else
            {
                return "";
            }
        }

        var error = new FitError { NumAllNodes = cycle.Nodes.Count, NodeStatuses = statuses, AbsentNodesStatus = FilterStatus.Unresolvable(NotHelpful) };
        return "preemption: " + error.Message;
    }
}
