namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A kube-scheduler PreFilter+Filter plugin: <see cref="PreFilter"/> computes the cycle's state once and returns the
/// per-node check; the check returns null when the node fits, or the status with kube-scheduler's exact reason.
/// </summary>
public interface IFilterPlugin
{
    string Name { get; }

    PreFilterResult PreFilter(SchedulingCycle cycle);
}
