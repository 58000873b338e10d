using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.ReplicaSets;

internal static partial class ReplicaSetLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "ReplicaSet {ReplicaSet}: too few replicas, need {Want}, creating {Count}")]
    public static partial void Creating(ILogger logger, string replicaSet, int want, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "ReplicaSet {ReplicaSet}: too many replicas, need {Want}, deleting {Count}")]
    public static partial void Deleting(ILogger logger, string replicaSet, int want, int count);
}
