namespace Ivyo.ControllerRuntime.Informers;

/// <summary>Why a watch stopped without an exception.</summary>
internal enum WatchEnd
{
    /// <summary>The server ended the stream (its timeout): watch again from the last resourceVersion.</summary>
    Closed,

    /// <summary>The resourceVersion is too old (ERROR event with code 410): list again.</summary>
    Gone,

    /// <summary>Nothing arrived within the no-event timeout: watch again from the last resourceVersion.</summary>
    Watchdog,
}
