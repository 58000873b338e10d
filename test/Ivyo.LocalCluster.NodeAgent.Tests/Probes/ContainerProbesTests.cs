using System.Collections.Concurrent;
using Ivyo.LocalCluster.NodeAgent.Probes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>
/// The probe workers of a container run on real time with 1 s periods: thresholds, startup gating, restarts asked for
/// liveness and startup failures, readiness flips, and what the pod worker is told.
/// </summary>
public sealed class ContainerProbesTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _told = new();
    private ProbePod _pod = null!;
    private PodHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        _pod = await ProbePod.StartAsync();
        _server = await PodHttpServer.StartAsync(_pod.Network);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _pod.DisposeAsync();
    }

    private ContainerProbes Start(V1Container container, DateTimeOffset? startedAt = null) =>
        new ContainerProbes(_pod.Target(container), new ProbeCallbacks
        {
            Event = e => _told.Enqueue($"{e.Reason}: {e.Message}"),
            Restart = r => _told.Enqueue($"restart {r.ContainerName} ({r.Probe}, grace {r.TerminationGracePeriodSeconds}): {r.Message}"),
            ReadinessChanged = (name, ready) => _told.Enqueue($"ready {name}: {ready} after {string.Join(",", _server.Requests.Select(r => r.Status))}"),
        }, TimeProvider.System, NullLogger.Instance).Start(startedAt);

    private int Told(string prefix) => _told.Count(t => t.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task Readiness_starts_false_then_follows_the_success_and_failure_thresholds()
    {
        await using var probes = Start(Probes.Container(readiness: Probes.Http(_server.Port, success: 2, failure: 2)));
        Assert.False(probes.IsReady);
        Assert.True(probes.IsStarted);

        // The pod worker is told after the result is in: waiting for what it is told avoids a race with IsReady.
        await Eventually.TrueAsync(() => Told("ready") == 1, "the pod worker is told the container is ready");
        Assert.Equal(["ready db: True after 200,200"], _told);
        Assert.True(probes.IsReady);

        _server.Reply = _ => new HttpReply(503);
        await Eventually.TrueAsync(() => Told("ready") == 2, "the pod worker is told the container is unready");
        Assert.False(probes.IsReady);
        Assert.Matches("^ready db: False after 200(,200)+,503,503$", _told.Last());
        Assert.Equal(2, Told("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503"));
        Assert.Equal(ProbeState.Failure, probes.Readiness);
        Assert.Null(probes.RestartRequest);
    }

    [Fact]
    public async Task Liveness_failing_past_its_threshold_asks_once_for_a_restart_and_stops_probing()
    {
        await using var probes = Start(Probes.Container(
            liveness: Probes.Exec("echo down; exit 1", failure: 2).With(p => p.TerminationGracePeriodSeconds = 5),
            readiness: Probes.Http(_server.Port)));

        await Eventually.TrueAsync(() => probes.RestartRequest is not null, "a restart is asked for");
        Assert.Equal(new ProbeRestartRequest("db", ProbeType.Liveness, "Container db failed liveness probe", 5), probes.RestartRequest);
        Assert.Equal(ProbeState.Failure, probes.Liveness);
        var requests = _server.Requests.Count;
        await Eventually.TrueAsync(() => _server.Requests.Count >= requests + 2, "readiness is probed twice more");

        Assert.Equal(2, Told("Unhealthy: Liveness probe failed: down\n"));
        Assert.Equal(["restart db (Liveness, grace 5): Container db failed liveness probe"], _told.Where(t => t.StartsWith("restart", StringComparison.Ordinal)));
        Assert.True(probes.IsReady);
    }

    [Fact]
    public async Task Startup_gates_liveness_and_readiness_until_it_succeeds()
    {
        var started = _pod.Marker("started");
        await using var probes = Start(Probes.Container(
            startup: Probes.Exec($"test -f {started}", failure: 30),
            liveness: Probes.Tcp(_server.Port),
            readiness: Probes.Http(_server.Port, period: 10)));

        await Eventually.TrueAsync(() => Told("Unhealthy: Startup probe failed") >= 2, "startup failed twice");
        Assert.Empty(_server.Requests);
        Assert.False(probes.IsStarted);
        Assert.False(probes.IsReady);
        Assert.Equal(ProbeState.Unknown, probes.Startup);

        await File.WriteAllTextAsync(started, "");
        await Eventually.TrueAsync(() => probes.IsStarted, "the container has started");
        // Readiness is triggered as the container starts, well before its 10 s period.
        await Eventually.TrueAsync(() => Told("ready") == 1, "the pod worker is told the container is ready", seconds: 9);
        Assert.True(probes.IsReady);
        Assert.Equal(ProbeState.Success, probes.Startup);
        Assert.Equal("ready db: True after 200", _told.Last());
    }

    [Fact]
    public async Task Startup_failing_past_its_threshold_asks_for_a_restart()
    {
        await using var probes = Start(Probes.Container(startup: Probes.Exec("exit 1", failure: 2), readiness: Probes.Http(_server.Port)));

        await Eventually.TrueAsync(() => probes.RestartRequest is not null, "a restart is asked for");

        Assert.Equal(new ProbeRestartRequest("db", ProbeType.Startup, "Container db failed startup probe", null), probes.RestartRequest);
        Assert.Equal(2, Told("Unhealthy: Startup probe failed: "));
        Assert.False(probes.IsStarted);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task No_probe_runs_before_the_initial_delay()
    {
        var startedAt = DateTimeOffset.UtcNow;
        var readiness = Probes.Http(_server.Port);
        readiness.InitialDelaySeconds = 2;
        await using var probes = Start(Probes.Container(readiness: readiness), startedAt);

        await Eventually.TrueAsync(() => probes.IsReady, "the container is ready");

        Assert.True(DateTimeOffset.UtcNow - startedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_container_without_probes_is_started_and_ready_while_it_runs()
    {
        await using var probes = Start(Probes.Container());

        Assert.True(probes.IsStarted);
        Assert.True(probes.IsReady);
        await _pod.Container.StopAsync(TimeSpan.FromSeconds(5));
        Assert.False(probes.IsReady);
        Assert.False(probes.IsStarted);
    }

    [Fact]
    public async Task A_container_that_stops_turns_unready()
    {
        await using var probes = Start(Probes.Container(readiness: Probes.Http(_server.Port)));
        await Eventually.TrueAsync(() => probes.IsReady, "the container is ready");

        await _pod.Container.StopAsync(TimeSpan.FromSeconds(5));

        Assert.False(probes.IsReady);
        await Eventually.TrueAsync(() => _told.Any(t => t.StartsWith("ready db: False", StringComparison.Ordinal)), "the pod worker is told");
    }

    [Fact]
    public async Task Disposing_stops_the_workers_and_kills_a_running_exec_probe()
    {
        var marker = Random.Shared.Next(900_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var probes = Start(Probes.Container(liveness: Probes.Exec($"sleep {marker}", timeout: 600)));
        await Eventually.TrueAsync(() => HostProcesses.Running("sleep", marker), "the exec probe runs");

        var disposing = probes.DisposeAsync().AsTask();

        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !HostProcesses.Running("sleep", marker), "the exec probe is gone");
        Assert.Null(probes.RestartRequest);
    }
}
