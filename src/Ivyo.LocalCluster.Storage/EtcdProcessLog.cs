using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Storage;

internal static partial class EtcdProcessLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "etcd {ProcessId} serves {ClientUrl} from {DataDirectory}")]
    public static partial void Started(ILogger logger, int processId, string clientUrl, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "etcd {ProcessId} killed")]
    public static partial void Killed(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "etcd: {Line}")]
    public static partial void Output(ILogger logger, string line);
}
