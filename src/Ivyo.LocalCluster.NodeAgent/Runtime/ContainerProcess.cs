using System.Diagnostics;
using Ivyo.LocalCluster.NodeAgent.Logs;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// One container of a pod, running as a real process: it joins the pod sandbox's network, UTS and IPC namespaces
/// and gets its own mount namespace (with its own /proc) and, unless the pod shares one, its own PID namespace
/// whose PID 1 is the container's command. Its stdout and stderr go to a CRI log file.
/// </summary>
public sealed class ContainerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_outputDrain = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_leftoverWait = TimeSpan.FromSeconds(5);

    private readonly Process _launcher;
    private readonly ContainerLogWriter _log;
    private readonly Task _copying;
    private readonly NamespaceTools _tools;
    private readonly UnshareExit _exit;
    private readonly Task<ContainerMountNamespace?> _namespaces;
    private bool _disposed;

    private ContainerProcess(
        NamespaceTools tools, Process launcher, int mainProcessId, ContainerLogWriter log, Task copying, ContainerCommand command, UnshareExit exit)
    {
        _tools = tools;
        _exit = exit;
        _launcher = launcher;
        MainProcessId = mainProcessId;
        _namespaces = ContainerMountNamespace.WaitForOwnAsync(mainProcessId, TimeSpan.FromSeconds(10));
        _log = log;
        _copying = copying;
        Command = command;
    }

    /// <summary>The host PID of the container's main process (PID 1 of its own PID namespace).</summary>
    public int MainProcessId { get; }

    public ContainerCommand Command { get; }

    public string LogPath => _log.Path;

    public bool IsRunning => !_launcher.HasExited;

    /// <summary>The exit code once stopped: 128 + the signal for a process a signal ended, as Kubernetes reports it.</summary>
    public int? ExitCode => _launcher.HasExited ? _exit.Translate(_launcher.ExitCode) : null;

    /// <summary>
    /// Starts <paramref name="command"/> in <paramref name="sandbox"/>, its output appended to <paramref name="logPath"/>,
    /// in <paramref name="filesystem"/> (null: the host's filesystem, for tests of the namespaces alone).
    /// </summary>
    public static async Task<ContainerProcess> StartAsync(
        NamespaceTools tools, PodSandbox sandbox, ContainerCommand command, string logPath, bool shareProcessNamespace, TimeProvider time,
        CancellationToken cancellationToken, ContainerFilesystem? filesystem = null)
    {
        if (command.Argv.Count == 0)
        {
            throw new ArgumentException("A container needs a command.", nameof(command));
        }

        var startInfo = new ProcessStartInfo(tools.Nsenter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = filesystem is null ? command.WorkingDirectory ?? "/" : "/",
        };
        List<string> argv = ["--target", sandbox.HolderProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net", "--uts", "--ipc"];
        argv.AddRange(shareProcessNamespace
            ? ["--pid", "--", tools.Unshare, "--mount", "--propagation", "private", "--"]
            : ["--", tools.Unshare, "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private", .. (filesystem is null ? (string[])["--mount-proc"] : []), "--"]);
        if (filesystem is not null)
        {
            argv.AddRange(["/bin/sh", "-c", ContainerSetupScript.Build(filesystem, command.User, command.WorkingDirectory), "container-setup"]);
        }
        else if (command.User is not null)
        {
            throw new ArgumentException("A container with a user needs a filesystem to chroot into.", nameof(command));
        }

        argv.AddRange(command.Argv);
        foreach (var argument in argv)
        {
            startInfo.ArgumentList.Add(argument);
        }

        SetEnvironment(startInfo, command);
        var log = new ContainerLogWriter(logPath, time);
        var exit = new UnshareExit();
        var launcher = Process.Start(startInfo) ?? throw new InvalidOperationException("nsenter did not start");
        launcher.StandardInput.Close();
        var copying = Task.WhenAll(
            Task.Run(() => log.CopyAsync(launcher.StandardOutput, "stdout"), CancellationToken.None),
            Task.Run(() => log.CopyAsync(launcher.StandardError, "stderr", exit.Intercept), CancellationToken.None));
        var main = await ChildProcesses.WaitForChildAsync(launcher, TimeSpan.FromSeconds(5), cancellationToken);
        return new ContainerProcess(tools, launcher, main ?? launcher.Id, log, copying, command, exit);
    }

    /// <summary>Waits for the container to exit and its output to be in the log.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _launcher.WaitForExitAsync(cancellationToken);
        // A main process that exits on its own may leave children behind when the pod shares its PID namespace
        // (PostgreSQL's under Patroni): runc kills the rest of such a container when its init exits, and here they
        // would also hold the log pipe open, so that the output copy, and this wait, never ended.
        await KillLeftoversAsync();
        await WaitForOutputAsync(cancellationToken);
        return _exit.Translate(_launcher.ExitCode);
    }

    /// <summary>
    /// Waits until the container's output is in the log, for a while: once the main process is gone and the leftovers
    /// are killed, only a process that escaped the container's namespaces (or a container whose namespaces could not
    /// be held) can keep the pipe open, and the pod's worker must not wait on it forever. The copy then goes on
    /// in the background.
    /// </summary>
    private async Task WaitForOutputAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _copying.WaitAsync(s_outputDrain, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>
    /// Graceful termination as the kubelet does it: SIGTERM to the main process, then, after
    /// <paramref name="gracePeriod"/>, SIGKILL to the main process, which as PID 1 takes its whole PID namespace along.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            Signals.Send(MainProcessId, Signals.Terminate);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(gracePeriod);
            try
            {
                await _launcher.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Signals.Send(MainProcessId, Signals.Kill);
            }

            await _launcher.WaitForExitAsync(cancellationToken);
            await KillLeftoversAsync();
        }

        return await WaitForExitAsync(cancellationToken);
    }

    /// <summary>
    /// Once the main process is gone (or killed), whatever else ran in the container goes too, as when a runtime
    /// kills a container's cgroup (see <see cref="ContainerMountNamespace"/>).
    /// </summary>
    private async Task KillLeftoversAsync()
    {
        if (await _namespaces is { } namespaces && !_disposed)
        {
            // kill(2) returns before the target is gone; as a runtime waits for a container's cgroup to empty, the
            // sweep repeats until nothing is left in the namespaces (a dead process leaves them as it exits), for a
            // bounded time: a process stuck in uninterruptible sleep must not hang the pod's worker.
            var deadline = DateTime.UtcNow + s_leftoverWait;
            while (namespaces.KillAll() > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }

    /// <summary>
    /// The nsenter(1) argv that runs <paramref name="argv"/> inside this container: all its namespaces, its
    /// environment, its working directory.
    /// </summary>
    public ProcessStartInfo ExecStartInfo(IReadOnlyList<string> argv)
    {
        var startInfo = new ProcessStartInfo(_tools.Nsenter) { UseShellExecute = false, WorkingDirectory = "/" };
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        // --root and --wd without a value take the main process's: its chroot and its working directory.
        List<string> options = ["--target", MainProcessId.ToString(invariant), "--net", "--uts", "--ipc", "--pid", "--mount", "--root", "--wd", "--"];
        if (Command.User is { } user)
        {
            // setpriv rather than nsenter's --setuid/--setgid, which drop the supplementary groups: an exec'd process
            // has the container's fsGroup and supplementalGroups, as with any container runtime.
            var groups = user.SupplementalGroups.Prepend(user.Gid).Distinct().Select(g => g.ToString(invariant));
            options.AddRange(["setpriv", $"--reuid={user.Uid.ToString(invariant)}", $"--regid={user.Gid.ToString(invariant)}", $"--groups={string.Join(',', groups)}", "--"]);
        }

        foreach (var argument in options)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in argv)
        {
            startInfo.ArgumentList.Add(argument);
        }

        SetEnvironment(startInfo, Command);
        return startInfo;
    }

    private static void SetEnvironment(ProcessStartInfo startInfo, ContainerCommand command)
    {
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = ContainerCommand.DefaultPath;
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            Signals.Send(MainProcessId, Signals.Kill);
            _launcher.Kill(entireProcessTree: true);
        }

        await _launcher.WaitForExitAsync();
        await KillLeftoversAsync();
        _disposed = true;
        (await _namespaces)?.Dispose();
        await WaitForOutputAsync(CancellationToken.None);
        // A copy still running (see WaitForOutputAsync) closes the log when it ends, which disposing the launcher's
        // pipes below brings about.
        if (_copying.IsCompleted)
        {
            _log.Dispose();
        }
        else
        {
            _ = _copying.ContinueWith(_ => _log.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        _launcher.Dispose();
    }
}
