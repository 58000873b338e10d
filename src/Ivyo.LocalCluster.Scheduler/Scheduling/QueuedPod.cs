using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>A pending pod in the scheduling queue with its attempt count and timestamps (kube-scheduler's <c>QueuedPodInfo</c>).</summary>
public sealed record QueuedPod(V1Pod Pod, string Key, long Sequence, int Attempts, DateTimeOffset Timestamp, long MoveCycle = 0)
{
    public int Priority => Pod.Spec?.Priority ?? 0;
}
