using Microsoft.Extensions.Logging;

namespace Ivyo.ControllerRuntime.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource}: listed {Count} objects at resourceVersion {ResourceVersion} ({Changes} changes)")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion, int changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource}: cache synced with {Count} objects")]
    public static partial void Synced(ILogger logger, string resource, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource}: resourceVersion {ResourceVersion} is gone (410), listing again")]
    public static partial void Gone(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: nothing arrived on the watch for {Timeout}, reconnecting from resourceVersion {ResourceVersion}")]
    public static partial void Watchdog(ILogger logger, string resource, TimeSpan timeout, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource}: the watch ended, reconnecting from resourceVersion {ResourceVersion}")]
    public static partial void WatchClosed(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: list or watch failed, retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource}: an event handler threw on {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, string key);
}
