using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Hosting;

internal static partial class ControllerManagerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controllers: {Controllers}")]
    public static partial void Starting(ILogger logger, string controllers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller} stopped with an error")]
    public static partial void ControllerFailed(ILogger logger, Exception exception, string controller);
}
