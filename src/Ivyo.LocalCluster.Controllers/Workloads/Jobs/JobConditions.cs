using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// A Job's conditions as the job controller writes them in Kubernetes 1.32: the interim <c>SuccessCriteriaMet</c> and
/// <c>FailureTarget</c> first, then <c>Complete</c> or <c>Failed</c> with the same reason once no pod is left running;
/// <c>Suspended</c> while suspended.
/// </summary>
internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string FailureTarget = "FailureTarget";
    public const string Suspended = "Suspended";

    public const string CompletionsReached = "CompletionsReached";
    public const string CompletionsReachedMessage = "Reached expected number of succeeded pods";
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";

    /// <summary>The condition of <paramref name="type"/> with status True, if any.</summary>
    public static V1JobCondition? True(V1JobStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    /// <summary>Whether the Job has finished (<c>IsJobFinished</c>: Complete or Failed is True).</summary>
    public static bool IsFinished(V1Job job) => True(job.Status, Complete) is not null || True(job.Status, Failed) is not null;

    /// <summary>The finished condition (Complete or Failed), if any.</summary>
    public static V1JobCondition? Finished(V1Job job) => True(job.Status, Complete) ?? True(job.Status, Failed);

    public static V1JobCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastProbeTime = now.UtcDateTime,
        LastTransitionTime = now.UtcDateTime,
    };

    /// <summary>Sets a condition (<c>ensureJobConditionStatus</c>): unchanged if the status, reason and message are the same.</summary>
    public static void Set(V1JobStatus status, V1JobCondition condition)
    {
        status.Conditions ??= [];
        var current = status.Conditions.FirstOrDefault(c => c.Type == condition.Type);
        if (current is null)
        {
            status.Conditions.Add(condition);
            return;
        }

        if (current.Status == condition.Status && current.Reason == condition.Reason && current.Message == condition.Message)
        {
            return;
        }

        if (current.Status != condition.Status)
        {
            current.LastTransitionTime = condition.LastTransitionTime;
        }

        current.Status = condition.Status;
        current.Reason = condition.Reason;
        current.Message = condition.Message;
        current.LastProbeTime = condition.LastProbeTime;
    }
}
