using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

internal static partial class PodWorkerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Error syncing pod {Namespace}/{Name}; syncing again in {Seconds} s")]
    public static partial void SyncFailed(ILogger logger, Exception exception, string @namespace, string name, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} of pod {Namespace}/{Name} could not start")]
    public static partial void StartFailed(ILogger logger, Exception exception, string @namespace, string name, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Reason} for pod {Namespace}/{Name} was rejected: {Response}")]
    public static partial void EventRejected(ILogger logger, string reason, string @namespace, string name, string response);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod {Namespace}/{Name}: the API server is out of reach ({Reason}); the pod keeps running")]
    public static partial void ApiUnreachable(ILogger logger, string @namespace, string name, string reason);
}
