using Microsoft.Win32.SafeHandles;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// A container's processes, found by its mount namespace: every container gets one of its own, and whatever runs in
/// the container stays in it, daemons that detached from the main process and <c>kubectl exec</c> sessions included.
/// It stands in for the cgroup a container runtime kills a container by. When a pod shares one PID namespace, the
/// main process is not PID 1 and killing it leaves the rest running: Patroni's postmaster, reparented to the
/// sandbox's PID 1, would outlive its container and keep the log pipes open, so the container would never be seen
/// to exit.
/// </summary>
/// <remarks>
/// A namespace is named by its nsfs inode (<c>mnt:[4026532177]</c>), and the kernel hands a freed inode number to
/// the next namespace created: a container that has exited and the one started next, in this pod or another, get
/// the same names. So the namespaces are held open from the moment they are found until the container is disposed,
/// which keeps their numbers theirs; without that, sweeping an exited container killed whichever container had
/// inherited its numbers.
/// </remarks>
internal sealed class ContainerMountNamespace : IDisposable
{
    private readonly SafeFileHandle _mount;
    private readonly SafeFileHandle _pid;

    private ContainerMountNamespace(SafeFileHandle mount, string mountName, SafeFileHandle pid, string pidName)
    {
        _mount = mount;
        _pid = pid;
        Mount = mountName;
        Pid = pidName;
    }

    /// <summary>The mount namespace's name, <c>mnt:[inode]</c>, unique while this is not disposed.</summary>
    public string Mount { get; }

    /// <summary>The PID namespace's name, <c>pid:[inode]</c>, unique while this is not disposed.</summary>
    public string Pid { get; }

    /// <summary>The namespace <paramref name="kind"/> (<c>mnt</c>, <c>pid</c>) of a process, or null when it is gone.</summary>
    public static string? Namespace(int processId, string kind) => LinkTarget($"/proc/{Invariant(processId)}/ns/{kind}");

    /// <summary>
    /// The mount namespace <paramref name="processId"/> moves into (it starts in the node agent's own, until
    /// <c>unshare --mount</c> runs) and its PID namespace, both held open; null when it exits or does not move within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ContainerMountNamespace?> WaitForOwnAsync(int processId, TimeSpan timeout)
    {
        var host = Namespace(Environment.ProcessId, "mnt");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var mount = Open(processId, "mnt");
            if (mount is null)
            {
                return null;
            }

            if (mount.Value.Name != host)
            {
                if (Open(processId, "pid") is not { } pid)
                {
                    mount.Value.Handle.Dispose();
                    return null;
                }

                return new ContainerMountNamespace(mount.Value.Handle, mount.Value.Name, pid.Handle, pid.Name);
            }

            mount.Value.Handle.Dispose();
            await Task.Delay(20);
        }

        return null;
    }

    /// <summary>
    /// SIGKILLs every process in this mount namespace and PID namespace (both, so that nothing outside the
    /// container's PID namespace is ever hit); how many were signalled.
    /// </summary>
    public int KillAll()
    {
        ObjectDisposedException.ThrowIf(_mount.IsClosed, this);
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var processId)
                && Namespace(processId, "mnt") == Mount && Namespace(processId, "pid") == Pid
                && Signals.Send(processId, Signals.Kill))
            {
                killed++;
            }
        }

        return killed;
    }

    public void Dispose()
    {
        _mount.Dispose();
        _pid.Dispose();
    }

    /// <summary>Opens a process's namespace and names it by the open handle, so the name is the held namespace's.</summary>
    private static (SafeFileHandle Handle, string Name)? Open(int processId, string kind)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle($"/proc/{Invariant(processId)}/ns/{kind}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (LinkTarget($"/proc/self/fd/{Invariant(handle.DangerousGetHandle().ToInt32())}") is { } name)
        {
            return (handle, name);
        }

        handle.Dispose();
        return null;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
