using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

internal static partial class ProbeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} probe of container {Container}: {Reason}: {Message}")]
    public static partial void Event(ILogger logger, ProbeType type, string container, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} probe of container {Container} now {Result}")]
    public static partial void ResultChanged(ILogger logger, ProbeType type, string container, ProbeState result);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} probe worker of container {Container} failed")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, ProbeType type, string container);
}
