namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// A container's processes, found by its mount namespace: every container gets one of its own, and whatever runs in
/// the container stays in it, daemons that detached from the main process and <c>kubectl exec</c> sessions included.
/// It stands in for the cgroup a container runtime kills a container by. When a pod shares one PID namespace, the
/// main process is not PID 1 and killing it leaves the rest running: Patroni's postmaster, reparented to the
/// sandbox's PID 1, would outlive its container and keep the log pipes open, so the container would never be seen
/// to exit.
/// </summary>
internal static class ContainerMountNamespace
{
    /// <summary>The mount namespace of <paramref name="processId"/> (<c>mnt:[inode]</c>), or null when it is gone.</summary>
    public static string? Of(int processId) => Namespace(processId, "mnt");

    /// <summary>The namespace <paramref name="kind"/> (<c>mnt</c>, <c>pid</c>) of a process, or null when it is gone.</summary>
    public static string? Namespace(int processId, string kind)
    {
        try
        {
            return new FileInfo($"/proc/{processId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/ns/{kind}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The mount namespace <paramref name="processId"/> moves into (it starts in the node agent's own, until
    /// <c>unshare --mount</c> runs); null when it exits or does not move within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(string Mount, string? Pid)?> WaitForOwnAsync(int processId, TimeSpan timeout)
    {
        var host = Of(Environment.ProcessId);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var current = Of(processId);
            if (current is null)
            {
                return null;
            }

            if (current != host)
            {
                return (current, Namespace(processId, "pid"));
            }

            await Task.Delay(20);
        }

        return null;
    }

    /// <summary>
    /// SIGKILLs every process in <paramref name="mountNamespace"/> and <paramref name="pidNamespace"/> (both, so that
    /// nothing outside the container's PID namespace is ever hit); how many were signalled.
    /// </summary>
    public static int KillAll(string mountNamespace, string? pidNamespace)
    {
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var processId)
                && Of(processId) == mountNamespace && pidNamespace is not null && Namespace(processId, "pid") == pidNamespace
                && Signals.Send(processId, Signals.Kill))
            {
                killed++;
            }
        }

        return killed;
    }
}
