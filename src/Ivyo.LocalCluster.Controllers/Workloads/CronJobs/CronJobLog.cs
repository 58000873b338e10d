using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.CronJobs;

internal static partial class CronJobLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "CronJob {CronJob}: created job {Job} for {Scheduled}")]
    public static partial void Created(ILogger logger, string cronJob, string job, DateTimeOffset scheduled);

    [LoggerMessage(Level = LogLevel.Information, Message = "CronJob {CronJob}: not starting a job because a prior one is running and concurrencyPolicy is Forbid")]
    public static partial void AlreadyActive(ILogger logger, string cronJob);

    [LoggerMessage(Level = LogLevel.Information, Message = "CronJob {CronJob}: replacing active job {Job}")]
    public static partial void Replacing(ILogger logger, string cronJob, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CronJob {CronJob}: missed the scheduled time {Scheduled} (startingDeadlineSeconds)")]
    public static partial void Missed(ILogger logger, string cronJob, DateTimeOffset scheduled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CronJob {CronJob}: {Problem}")]
    public static partial void Unusable(ILogger logger, string cronJob, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CronJob {CronJob}: too many missed start times ({Missed}); check the clock")]
    public static partial void TooManyMissed(ILogger logger, string cronJob, int missed);

    [LoggerMessage(Level = LogLevel.Information, Message = "CronJob {CronJob}: deleting finished job {Job} beyond the history limit")]
    public static partial void DeletingOld(ILogger logger, string cronJob, string job);
}
