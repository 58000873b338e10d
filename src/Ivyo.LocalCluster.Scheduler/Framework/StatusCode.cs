namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// Why a filter rejected a node, as kube-scheduler's framework status codes: <see cref="Unschedulable"/> may be fixed by
/// preempting pods on the node, <see cref="UnschedulableAndUnresolvable"/> cannot.
/// </summary>
public enum StatusCode
{
    Unschedulable,
    UnschedulableAndUnresolvable,
}
