using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// The Deployment's conditions as pkg/controller/deployment/util writes them: their types and reasons, and
/// <c>SetDeploymentCondition</c> (a condition with the same status and reason is left alone; a change of reason alone
/// keeps the transition time).
/// </summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now.UtcDateTime,
        LastTransitionTime = now.UtcDateTime,
    };

    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        Remove(status, condition.Type);
        status.Conditions ??= [];
        status.Conditions.Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null)
        {
            return;
        }

        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
        if (status.Conditions.Count == 0)
        {
            status.Conditions = null;
        }
    }

    /// <summary>Whether the Deployment has a progress deadline (<c>HasProgressDeadline</c>: set and not MaxInt32).</summary>
    public static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } s && s != int.MaxValue;
}
