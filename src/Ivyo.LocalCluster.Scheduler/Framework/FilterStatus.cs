namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A filter plugin's rejection of a node: kube-scheduler's <c>framework.Status</c> with its code, its reasons (the strings
/// counted in the FailedScheduling message) and the plugin that returned it.
/// </summary>
public sealed record FilterStatus(StatusCode Code, IReadOnlyList<string> Reasons, string Plugin = "")
{
    public static FilterStatus Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static FilterStatus Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    /// <summary>The reasons joined by ", ", as <c>Status.Message()</c>.</summary>
    public string Message => string.Join(", ", Reasons);
}
