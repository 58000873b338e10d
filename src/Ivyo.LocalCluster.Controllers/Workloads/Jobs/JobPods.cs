using Ivyo.LocalCluster.Controllers.Common;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// How the job controller reads its pods: the tracking finalizer, which pods count as failed
/// (<c>isPodFailed</c>: phase Failed, or, unless podReplacementPolicy is Failed, deleted before it succeeded), and the
/// container restarts that count against the backoff limit under restartPolicy OnFailure (<c>pastBackoffLimitOnFailure</c>).
/// </summary>
internal static class JobPods
{
    /// <summary>The finalizer that keeps a pod until the Job has counted it (<c>batch.JobTrackingFinalizer</c>).</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    public static bool HasFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(TrackingFinalizer) == true;

    /// <summary>Whether only pods in phase Failed are replaced (and counted as failed).</summary>
    public static bool OnlyReplaceFailed(V1Job job) => job.Spec.PodReplacementPolicy == "Failed" || job.Spec.PodFailurePolicy is not null;

    public static bool IsFailed(V1Pod pod, V1Job job)
    {
        if (PodStates.IsFailed(pod))
        {
            return true;
        }

        return !OnlyReplaceFailed(job) && PodStates.IsTerminating(pod) && !PodStates.IsSucceeded(pod);
    }

    /// <summary>Deleted but not finished: still terminating (<c>controller.CountTerminatingPods</c>).</summary>
    public static bool IsTerminating(V1Pod pod) => PodStates.IsTerminating(pod) && !PodStates.IsFailed(pod) && !PodStates.IsSucceeded(pod);

    /// <summary>Under restartPolicy OnFailure, whether the running and pending pods' restarts reached the backoff limit.</summary>
    public static bool PastBackoffLimitOnFailure(V1Job job, IEnumerable<V1Pod> pods)
    {
        if (job.Spec.Template.Spec.RestartPolicy != "OnFailure")
        {
            return false;
        }

        var restarts = pods.Where(p => p.Status?.Phase is "Running" or "Pending")
            .SelectMany(p => (p.Status?.InitContainerStatuses ?? []).Concat(p.Status?.ContainerStatuses ?? []))
            .Sum(s => s.RestartCount);
        var limit = job.Spec.BackoffLimit ?? 6;
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }
}
