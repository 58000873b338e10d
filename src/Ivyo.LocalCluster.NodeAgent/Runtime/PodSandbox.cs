using System.Diagnostics;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// A pod's shared namespaces, held by a waiting process as Kubernetes' pause container holds them: network (with
/// loopback up), UTS (hostname = pod name), IPC, and a PID namespace that containers join under
/// <c>shareProcessNamespace</c>. Disposing kills the holder, and with it the namespaces once no container is left.
/// </summary>
public sealed class PodSandbox : IAsyncDisposable
{
    /// <summary>
    /// What the holder does for the rest of its life: wait, which reaps any child, so that processes orphaned in the
    /// shared PID namespace (PostgreSQL's postmaster, which Patroni starts detached) do not stay zombies once they
    /// exit, as the pause container reaps them. A zombie postmaster looks alive to Patroni, which then waits forever
    /// to finish a demotion.
    /// </summary>
    private const string ReapForever = "while :; do sleep 2147483647 & wait; done";

    private readonly Process _launcher;

    private PodSandbox(Process launcher, int holder, string hostname)
    {
        _launcher = launcher;
        HolderProcessId = holder;
        Hostname = hostname;
    }

    /// <summary>The host PID of the process whose namespaces the pod's containers enter.</summary>
    public int HolderProcessId { get; }

    public string Hostname { get; }

    /// <param name="marker">
    /// Put on the sandbox launcher's command line (the pod's directory), so that a cleanup after a crash finds it.
    /// </param>
    public static async Task<PodSandbox> StartAsync(NamespaceTools tools, string hostname, CancellationToken cancellationToken, string? marker = null)
    {
        var startInfo = new ProcessStartInfo(tools.Unshare) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "--net", "--uts", "--ipc", "--pid", "--fork", "--kill-child", "--",
            "/bin/sh", "-c", "hostname \"$1\" && ip link set lo up && echo ready && " + ReapForever, "pod-sandbox", hostname, marker ?? ""])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var launcher = Process.Start(startInfo) ?? throw new InvalidOperationException("unshare did not start");
        try
        {
            var ready = await launcher.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (ready != "ready")
            {
                var error = await launcher.StandardError.ReadToEndAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                throw new InvalidOperationException($"The pod sandbox for {hostname} failed: {error.Trim()} (is iproute2 installed?)");
            }

            var holder = await ChildProcesses.WaitForChildAsync(launcher, TimeSpan.FromSeconds(5), cancellationToken)
                ?? throw new InvalidOperationException($"The pod sandbox for {hostname} exited at once.");
            return new PodSandbox(launcher, holder, hostname);
        }
        catch
        {
            launcher.Kill(entireProcessTree: true);
            launcher.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The holder is PID 1 of the pod's PID namespace: killing it ends every process in that namespace.
        Signals.Send(HolderProcessId, Signals.Kill);
        if (!_launcher.HasExited)
        {
            _launcher.Kill(entireProcessTree: true);
        }

        await _launcher.WaitForExitAsync();
        _launcher.Dispose();
    }
}
