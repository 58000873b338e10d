using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: creating {Count} pods ({Active} active, {Want} wanted)")]
    public static partial void Creating(ILogger logger, string job, int count, int active, int want);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: deleting {Count} active pods ({Reason})")]
    public static partial void Deleting(ILogger logger, string job, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: {Condition} ({Reason})")]
    public static partial void Finished(ILogger logger, string job, string condition, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: finished, deleting it after ttlSecondsAfterFinished")]
    public static partial void Expired(ILogger logger, string job);
}
