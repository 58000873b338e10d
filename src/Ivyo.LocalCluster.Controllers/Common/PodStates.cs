using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>The pod predicates controllers share: <c>podutil.IsPodReady</c>, <c>IsPodAvailable</c> and the controllers' terminal/terminating checks.</summary>
internal static class PodStates
{
    /// <summary>The pod's Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) => ReadyCondition(pod) is { Status: "True" };

    /// <summary>The pod's Ready condition, if any.</summary>
    public static V1PodCondition? ReadyCondition(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
    }

    /// <summary>Phase Running and Ready (the StatefulSet controller's <c>isRunningAndReady</c>).</summary>
    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && IsReady(pod);

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> (<c>podutil.IsPodAvailable</c>).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds <= 0)
        {
            return true;
        }

        var since = ReadyCondition(pod)?.LastTransitionTime;
        return since is { } t && new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).AddSeconds(minReadySeconds) <= now;
    }

    /// <summary>The pod has a deletionTimestamp.</summary>
    public static bool IsTerminating(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.DeletionTimestamp is not null;
    }

    /// <summary>Phase Failed.</summary>
    public static bool IsFailed(V1Pod pod) => pod?.Status?.Phase == "Failed";

    /// <summary>Phase Succeeded.</summary>
    public static bool IsSucceeded(V1Pod pod) => pod?.Status?.Phase == "Succeeded";

    /// <summary>Neither Succeeded nor Failed, and not being deleted (<c>controller.IsPodActive</c>).</summary>
    public static bool IsActive(V1Pod pod) => !IsFailed(pod) && !IsSucceeded(pod) && !IsTerminating(pod);
}
