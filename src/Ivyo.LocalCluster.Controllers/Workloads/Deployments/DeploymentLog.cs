using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

internal static partial class DeploymentLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment}: created ReplicaSet {ReplicaSet} with {Replicas} replicas")]
    public static partial void CreatedReplicaSet(ILogger logger, string deployment, string replicaSet, int replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment}: scaled ReplicaSet {ReplicaSet} from {From} to {To}")]
    public static partial void Scaled(ILogger logger, string deployment, string replicaSet, int from, int to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment}: deleting old ReplicaSet {ReplicaSet} beyond revisionHistoryLimit")]
    public static partial void DeletingOld(ILogger logger, string deployment, string replicaSet);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Deployment}: ReplicaSet {ReplicaSet} exists with another template; collisionCount is now {CollisionCount}")]
    public static partial void Collision(ILogger logger, string deployment, string replicaSet, int collisionCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Deployment}: the empty selector selects every pod; nothing is done")]
    public static partial void EmptySelector(ILogger logger, string deployment);
}
