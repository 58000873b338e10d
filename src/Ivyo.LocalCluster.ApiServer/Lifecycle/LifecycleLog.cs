using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

internal static partial class LifecycleLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: watch ended ({Reason}); listing again")]
    public static partial void Relisting(ILogger logger, string controller, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: {Item} failed; retrying")]
    public static partial void Retrying(ILogger logger, string controller, string item, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Garbage collector: deleting {Key} (propagation {Policy})")]
    public static partial void DeletingDependent(ILogger logger, string key, string policy);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Garbage collector: removing owner references {Owners} from {Key}")]
    public static partial void RemovingOwnerReferences(ILogger logger, string key, string owners);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Namespace controller: {Namespace} has {Remaining} objects left")]
    public static partial void ContentRemaining(ILogger logger, string @namespace, int remaining);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Namespace controller: {Namespace} is empty; finalizing")]
    public static partial void Finalizing(ILogger logger, string @namespace);
}
