using Microsoft.Extensions.Logging;

namespace Ivyo.ControllerRuntime.LeaderElection;

internal static partial class LeaderElectionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} acquired lease {Namespace}/{Name}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not renew lease {Namespace}/{Name} within the renew deadline and stops leading")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released lease {Namespace}/{Name}")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Namespace}/{Name} is held by {Holder}")]
    public static partial void NewLeader(ILogger logger, string @namespace, string name, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity}: acquiring or renewing lease {Namespace}/{Name} failed")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity}: releasing lease {Namespace}/{Name} failed")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Identity}: the leading work failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception, string identity);
}
