using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

internal static partial class StatefulSetLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "StatefulSet {Set}: creating pod {Pod} at revision {Revision}")]
    public static partial void CreatingPod(ILogger logger, string set, string pod, string revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "StatefulSet {Set}: deleting pod {Pod} ({Reason})")]
    public static partial void DeletingPod(ILogger logger, string set, string pod, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "StatefulSet {Set}: creating claim {Claim}")]
    public static partial void CreatingClaim(ILogger logger, string set, string claim);

    [LoggerMessage(Level = LogLevel.Information, Message = "StatefulSet {Set}: revision {Revision} collides with an existing one; collisionCount is now {CollisionCount}")]
    public static partial void Collision(ILogger logger, string set, string revision, int collisionCount);
}
