using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>The scheduler loop's log messages, source-generated.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(1, LogLevel.Information, "Bound pod {Namespace}/{Name} to node {Node}")]
    public static partial void Bound(this ILogger logger, string @namespace, string name, string node);

    [LoggerMessage(2, LogLevel.Information, "Unable to schedule pod {Namespace}/{Name}: {Message}")]
    public static partial void Unschedulable(this ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(3, LogLevel.Warning, "Binding pod {Namespace}/{Name} to node {Node} failed")]
    public static partial void BindFailed(this ILogger logger, Exception exception, string @namespace, string name, string node);

    [LoggerMessage(4, LogLevel.Warning, "Recording the scheduling failure of pod {Namespace}/{Name} failed")]
    public static partial void RecordFailed(this ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(5, LogLevel.Warning, "Listing or watching {Resource} failed; listing again")]
    public static partial void WatchFailed(this ILogger logger, Exception exception, string resource);

    [LoggerMessage(6, LogLevel.Debug, "Watch of {Resource} expired (410 Gone); listing again")]
    public static partial void WatchExpired(this ILogger logger, string resource);
}
