using System.Globalization;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>A container is a real process in its pod's namespaces, and stops as the kubelet stops it.</summary>
public sealed class ContainerProcessTests : IAsyncLifetime
{
    private readonly NamespaceTools _tools = new();
    private readonly string _logs = Directory.CreateTempSubdirectory("ivyo-container-").FullName;
    private PodSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        Namespaces.Require();
        _sandbox = await PodSandbox.StartAsync(_tools, "db-0", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    private Task<ContainerProcess> StartAsync(string script, bool share = false) =>
        ContainerProcess.StartAsync(_tools, _sandbox, new ContainerCommand(["/bin/sh", "-c", script], new Dictionary<string, string> { ["GREETING"] = "hello" }),
            Path.Combine(_logs, Guid.NewGuid().ToString("N") + ".log"), share, TimeProvider.System, CancellationToken.None);

    private static async Task<List<string>> LogAsync(ContainerProcess container) =>
        [.. (await File.ReadAllLinesAsync(container.LogPath)).Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..])];

    [Fact]
    public async Task A_container_has_the_pods_hostname_only_loopback_and_is_pid_1_of_its_own_namespace()
    {
        await using var container = await StartAsync("hostname; echo pid=$$; ip -o link | cut -d: -f2; echo $GREETING; echo oops >&2");

        Assert.Equal(0, await container.WaitForExitAsync(CancellationToken.None));

        var log = await LogAsync(container);
        Assert.Equal(["stdout F db-0", "stdout F pid=1", "stdout F  lo", "stdout F hello"], log.Where(l => l.StartsWith("stdout", StringComparison.Ordinal)));
        Assert.Equal(["stderr F oops"], log.Where(l => l.StartsWith("stderr", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Containers_of_one_pod_share_its_network_and_not_the_hosts()
    {
        // Both stay up while compared: a namespace's inode number is reused once it is gone.
        const string Namespaces = "readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/pid /proc/self/ns/mnt; echo done; exec sleep 1000";
        await using var first = await StartAsync(Namespaces);
        await using var second = await StartAsync(Namespaces);
        await WaitForLogAsync(first, "stdout F done");
        await WaitForLogAsync(second, "stdout F done");

        var one = (await LogAsync(first)).SkipLast(1).Select(l => l["stdout F ".Length..]).ToList();
        var two = (await LogAsync(second)).SkipLast(1).Select(l => l["stdout F ".Length..]).ToList();
        var host = new[] { "net", "uts", "pid", "mnt" }.Select(ns => "" + File.ResolveLinkTarget($"/proc/self/ns/{ns}", false)!.Name).ToList();

        Assert.Equal(4, one.Count);
        Assert.Equal(one[..2], two[..2]);
        Assert.NotEqual(one[2], two[2]);
        Assert.NotEqual(one[3], two[3]);
        Assert.All(one.Zip(host), pair => Assert.NotEqual(pair.Second, pair.First));
    }

    [Fact]
    public async Task Stop_sends_sigterm_to_the_main_process_first()
    {
        await using var container = await StartAsync("trap 'echo got-term; exit 0' TERM; echo started; sleep 1000 & wait");
        await WaitForLogAsync(container, "stdout F started");

        var exitCode = await container.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("stdout F got-term", await LogAsync(container));
    }

    [Fact]
    public async Task After_the_grace_period_the_whole_pid_namespace_is_killed()
    {
        var marker = Random.Shared.Next(900_000, 999_999).ToString(CultureInfo.InvariantCulture);
        await using var container = await StartAsync($"trap '' TERM; sleep {marker} & echo started; wait");
        await WaitForLogAsync(container, "stdout F started");
        Assert.NotEmpty(ProcessesRunning("sleep", marker));

        var started = DateTime.UtcNow;
        var exitCode = await container.StopAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(137, exitCode);
        Assert.DoesNotContain(await LogAsync(container), line => line.Contains("unshare", StringComparison.Ordinal));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.Empty(ProcessesRunning("sleep", marker));
    }

    [Fact]
    public Task In_a_shared_pid_namespace_a_detached_daemon_goes_with_its_container() =>
        // As Patroni starts the postmaster: a daemon in its own session, reparented to the sandbox's PID 1, holding
        // the container's stdout. Stopping the container must end it too, or the container never exits.
        WithDaemonAsync("exec sleep 1000", async (container, marker) =>
        {
            Assert.NotEmpty(ProcessesRunning("sleep", marker));

            // Without the sweep, the stop never returns: bounded, so that the test fails rather than hangs.
            var exitCode = await container.StopAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(143, exitCode);
            Assert.Empty(ProcessesRunning("sleep", marker));
        });

    [Fact]
    public Task In_a_shared_pid_namespace_a_main_process_that_exits_on_its_own_takes_its_daemons_along() =>
        // As when Patroni itself dies: its postmaster, reparented to the sandbox's PID 1, still holds the container's
        // stdout. Waiting for the exit must not wait for that daemon (the pod worker would hang and never see the
        // pod's deletion), and the daemon must not outlive its container, as with runc.
        WithDaemonAsync("sleep 0.5; exit 3", async (container, marker) =>
        {
            var exitCode = await container.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(3, exitCode);
            Assert.Empty(ProcessesRunning("sleep", marker));
        });

    /// <summary>
    /// A container in the pod's shared PID namespace that starts a detached daemon (<c>setsid sleep MARKER</c>) and
    /// then runs <paramref name="main"/>; <paramref name="body"/> gets it once it has started. Whatever is left is
    /// killed afterwards, so that a failing test leaves no process behind.
    /// </summary>
    private async Task WithDaemonAsync(string main, Func<ContainerProcess, string, Task> body)
    {
        var marker = Random.Shared.Next(900_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var container = await StartAsync($"setsid sleep {marker} & echo started; {main}", share: true);
        try
        {
            await WaitForLogAsync(container, "stdout F started");
            await body(container, marker);
        }
        finally
        {
            foreach (var leftover in ProcessesRunning("sleep", marker))
            {
                System.Diagnostics.Process.GetProcessById(leftover).Kill();
            }

            await container.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_an_exited_container_leaves_the_next_one_running(bool share)
    {
        // The kernel reuses a freed namespace's number at once: the next container would be named as the exited one,
        // and sweeping the exited one's namespaces (as its disposal does) would kill it.
        var exited = await StartAsync("sleep 0.5; echo done", share);
        Assert.Equal(0, await exited.WaitForExitAsync(CancellationToken.None));
        await using var next = await StartAsync("echo started; exec sleep 1000", share);
        await WaitForLogAsync(next, "stdout F started");

        await exited.DisposeAsync();

        // SIGKILL was sent, if at all, before DisposeAsync returned: its exit would be seen within milliseconds.
        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitForExitAsync(watch.Token));
    }

    [Fact]
    public async Task Exec_runs_inside_the_containers_namespaces_with_its_environment()
    {
        await using var container = await StartAsync("echo started; exec sleep 1000");
        await WaitForLogAsync(container, "stdout F started");

        using var exec = System.Diagnostics.Process.Start(container.ExecStartInfo(["/bin/sh", "-c", "hostname; tr '\\0' ' ' < /proc/1/cmdline; echo; echo $GREETING"])
            .With(s => s.RedirectStandardOutput = true))!;
        var output = await exec.StandardOutput.ReadToEndAsync();
        await exec.WaitForExitAsync();

        Assert.Equal(["db-0", "sleep 1000 ", "hello"], output.TrimEnd('\n').Split('\n'));
    }

    private static async Task WaitForLogAsync(ContainerProcess container, string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await LogAsync(container)).Contains(line))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the container never logged \"{line}\"");
            await Task.Delay(20);
        }
    }

    /// <summary>Host processes whose argv is exactly <paramref name="argv"/>.</summary>
    private static List<int> ProcessesRunning(params string[] argv)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), out var pid)
                    && File.ReadAllText(Path.Combine(entry, "cmdline")).TrimEnd('\0').Split('\0').SequenceEqual(argv)
                    && !File.ReadAllText(Path.Combine(entry, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }
}

internal static class StartInfoExtensions
{
    public static System.Diagnostics.ProcessStartInfo With(this System.Diagnostics.ProcessStartInfo startInfo, Action<System.Diagnostics.ProcessStartInfo> change)
    {
        change(startInfo);
        return startInfo;
    }
}
