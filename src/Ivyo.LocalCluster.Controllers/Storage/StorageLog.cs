using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created the default StorageClass {Name}")]
    public static partial void CreatedDefaultClass(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioned volume {Volume} at {Path} for claim {Claim}")]
    public static partial void Provisioned(ILogger logger, string volume, string path, string claim);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bound claim {Claim} to volume {Volume}")]
    public static partial void Bound(ILogger logger, string claim, string volume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Volume {Volume} is released by claim {Claim}")]
    public static partial void Released(ILogger logger, string volume, string claim);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted volume {Volume} and its directory {Path}")]
    public static partial void Deleted(ILogger logger, string volume, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claim {Claim} waits for its first consumer to be scheduled")]
    public static partial void WaitingForConsumer(ILogger logger, string claim);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim {Claim}: the API server refused to record the default StorageClass in spec.storageClassName ({Reason}); it is used without being recorded")]
    public static partial void DefaultClassNotRecorded(ILogger logger, string claim, string reason);
}
