using Microsoft.Extensions.Logging;

namespace Ivyo.ControllerRuntime.Controllers;

internal static partial class ControllerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller}: waiting for {Count} informers to sync")]
    public static partial void WaitingForSync(ILogger logger, string controller, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller}: starting {Workers} workers")]
    public static partial void Starting(ILogger logger, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller}: stopped")]
    public static partial void Stopped(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Controller {Controller}: reconciled {Key} in {Duration}")]
    public static partial void Reconciled(ILogger logger, string controller, string key, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} failed ({Requeues} earlier failures), retrying with back-off")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, string key, int requeues);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Controller {Controller}: reconcile of {Key} hit a conflict, retrying: {Detail}")]
    public static partial void ReconcileConflict(ILogger logger, string controller, string key, string detail);
}
