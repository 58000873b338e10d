using System.Diagnostics;
using System.Globalization;
using Ivyo.LocalCluster.Hosting.Hygiene;

namespace Ivyo.Cli.Tests;

/// <summary>
/// Process hygiene of <c>ivyo local run</c> as a real child process with a pod running: killed with SIGKILL, nothing
/// of it keeps running (its watchdog kills the pods' processes, etcd and dnsmasq, and removes the network namespace),
/// and <c>ivyo local down</c> leaves no process, network namespace, interface or mount; a normal <c>down --purge</c>
/// leaves nothing either, not even the data directory. On the way, <c>--node-labels</c> and <c>ivyo local kill</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalHygieneTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-hygiene-").FullName;
    private readonly string _network = "ivyo-h" + Guid.NewGuid().ToString("N")[..8];
    private Process? _run;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_run is { HasExited: false })
        {
            _run.Kill(entireProcessTree: true);
        }

        _run?.Dispose();
        await Leftovers.CleanAsync(_data, _network);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private string Kubeconfig => Path.Combine(_data, "admin.kubeconfig");

    [Fact]
    public async Task After_kill_9_of_the_cluster_process_and_down_nothing_of_it_remains()
    {
        await StartAsync("--node-labels", "node-1=workload-role=db");
        var label = await Kubectl.RunAsync(Kubeconfig, ["get", "node", "node-1", "-o", "jsonpath={.metadata.labels.workload-role} {.metadata.labels.topology\\.kubernetes\\.io/zone}"]);
        Assert.Equal("db zone-1", label.Output);
        await RunPodAsync();
        var killed = CliRunner.Run("local", "kill", "default/one", "--data", _data);
        Assert.True(killed.ExitCode == 0, killed.Output);
        Assert.Equal("container main of pod default/one killed\n", killed.Output);
        await UntilAsync(async () => (await Kubectl.RunAsync(Kubeconfig, ["get", "pod", "one", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"])).Output == "1",
            "the killed container restarted");
        await UntilAsync(async () => (await Kubectl.RunAsync(Kubeconfig, ["wait", "--for=condition=Ready", "pod/one", "--timeout=5s"])).ExitCode == 0, "the pod Ready again");

        // The restarted container's command runs once its setup script has exec'd it.
        await UntilAsync(() => Task.FromResult(Leftovers.Processes(_data).Any(p => p.What == "sleep infinity")), "the container's sleep running");
        var processes = Leftovers.Processes(_data);
        Assert.Contains(processes, p => p.What.StartsWith("/usr/bin/etcd", StringComparison.Ordinal));
        Assert.Contains(processes, p => p.What.StartsWith("/usr/sbin/dnsmasq", StringComparison.Ordinal));
        Assert.Contains(processes, p => p.What.Contains("pod-sandbox", StringComparison.Ordinal));
        Assert.Contains(processes, p => p.What == "sleep infinity");

        _run!.Kill();
        await _run.WaitForExitAsync();

        // The watchdog alone cleans up, within seconds.
        await UntilAsync(() => Task.FromResult(Leftovers.Processes(_data).Count == 0 && !Leftovers.NetworkExists(_network)),
            "the cluster's processes and network namespace gone after kill -9: " + string.Join("; ", Leftovers.Processes(_data).Select(p => p.What)));
        Assert.All(processes, p => Assert.False(Alive(p.Pid), $"process {p.Pid} ({p.What}) survived"));

        var down = CliRunner.Run("local", "down", "--data", _data);
        Assert.Equal(0, down.ExitCode);
        Assert.Equal("The local cluster is not running.\n", down.Output);
        AssertNothingLeft();
        Assert.True(File.Exists(Path.Combine(_data, "etcd", "member", "snap", "db")) || Directory.Exists(Path.Combine(_data, "etcd")), "down without --purge keeps the data");
    }

    [Fact]
    public async Task Down_purge_stops_everything_and_removes_the_data_directory()
    {
        await StartAsync();
        await RunPodAsync();
        var processes = Leftovers.Processes(_data);

        var down = CliRunner.Run("local", "down", "--data", _data, "--purge");

        Assert.True(down.ExitCode == 0, down.Output);
        Assert.Equal($"The local cluster stopped.\nRemoved {_data}.\n", down.Output);
        Assert.True(_run!.HasExited);
        Assert.All(processes, p => Assert.False(Alive(p.Pid), $"process {p.Pid} ({p.What}) survived"));
        AssertNothingLeft();
        Assert.False(Directory.Exists(_data));
    }

    private void AssertNothingLeft()
    {
        Assert.Empty(Leftovers.Processes(_data));
        Assert.False(Leftovers.NetworkExists(_network), "the network namespace remains");
        Assert.Empty(Leftovers.Mounts(_data));
        // Pod veths are named iv + the address in hex (10.244 = 0af4); none may be on the host.
        Assert.DoesNotContain("iv0af4", Run("/usr/sbin/ip", "-o", "link"), StringComparison.Ordinal);
        Assert.DoesNotContain(_network, Run("/usr/sbin/ip", "netns", "list"), StringComparison.Ordinal);
    }

    /// <summary>Starts <c>ivyo local run</c> (one node, any port, its own network) as a child process and waits until it serves.</summary>
    private async Task StartAsync(params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[typeof(Program).Assembly.Location, "local", "run", "--data", _data, "--nodes", "1", "--port", "0", "--network", _network, .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        _run = Process.Start(start)!;
        _run.OutputDataReceived += (_, _) => { };
        _run.ErrorDataReceived += (_, _) => { };
        _run.BeginOutputReadLine();
        _run.BeginErrorReadLine();
        await UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(_data, "ready")) || _run.HasExited), "ivyo local run serving");
        Assert.False(_run.HasExited, "ivyo local run exited");
    }

    private async Task RunPodAsync()
    {
        var applied = await Kubectl.RunAsync(Kubeconfig, ["apply", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec:
              terminationGracePeriodSeconds: 1
              containers: [{name: main, image: debian:12, command: [sleep, infinity]}]
            """);
        Assert.True(applied.ExitCode == 0, applied.Error);
        var ready = await Kubectl.RunAsync(Kubeconfig, ["wait", "--for=condition=Ready", "pod/one", "--timeout=60s"], timeout: TimeSpan.FromSeconds(70));
        Assert.True(ready.ExitCode == 0, ready.Output + ready.Error);
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Run(string executable, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"not reached within 90 s: {what}");
            }

            await Task.Delay(200);
        }
    }
}
