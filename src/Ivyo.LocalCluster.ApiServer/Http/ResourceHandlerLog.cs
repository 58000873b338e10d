using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Http;

internal static partial class ResourceHandlerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} in namespace '{Namespace}' ended with an ERROR event: the store failed")]
    public static partial void WatchFailed(ILogger logger, string resource, string @namespace, Exception exception);
}
