using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ivyo.LocalCluster.NodeAgent.Probes;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>
/// One probe run against a real container and servers inside its pod's network namespace: results and the messages the
/// kubelet records in Unhealthy events.
/// </summary>
public sealed class ProbeActionTests : IAsyncLifetime
{
    private ProbePod _pod = null!;

    public async Task InitializeAsync() => _pod = await ProbePod.StartAsync();

    public async Task DisposeAsync() => await _pod.DisposeAsync();

    private Task<ProbeRun> RunAsync(ProbeType type, V1Probe probe, IList<V1ContainerPort>? ports = null) =>
        new ContainerProber(_pod.Target(Probes.Container(ports: ports)), TimeProvider.System).ProbeAsync(type, probe, CancellationToken.None);

    [Fact]
    public async Task An_exec_probe_succeeds_when_the_command_exits_0_inside_the_container()
    {
        var run = await RunAsync(ProbeType.Liveness, Probes.Exec("test \"$GREETING\" = hello && test \"$(hostname)\" = probed-0 && test $$ -gt 1"));

        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), run);
    }

    [Fact]
    public async Task An_exec_probe_that_exits_non_zero_fails_with_its_output()
    {
        var run = await RunAsync(ProbeType.Readiness, Probes.Exec("echo not accepting connections; exit 3"));

        Assert.Equal(new ProbeRun(ProbeState.Failure, false,
            new ProbeEvent("db", "Warning", "Unhealthy", "Readiness probe failed: not accepting connections\n")), run);
    }

    [Fact]
    public async Task An_exec_probe_past_its_timeout_is_killed_and_fails()
    {
        var marker = Random.Shared.Next(900_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var started = DateTime.UtcNow;

        var run = await RunAsync(ProbeType.Liveness, Probes.Exec($"sleep {marker}", timeout: 1));

        Assert.Equal($"Liveness probe failed: command \"/bin/sh -c sleep {marker}\" timed out", run.Event?.Message);
        Assert.Equal(ProbeState.Failure, run.Result);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !HostProcesses.Running("sleep", marker), "the timed-out command is gone");
    }

    [Fact]
    public async Task An_http_probe_succeeds_on_200_and_sends_the_kubelets_request()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);
        var probe = Probes.Http(server.Port, "/healthz?verbose=1");
        probe.HttpGet.HttpHeaders = [new V1HTTPHeader { Name = "X-Probe", Value = "yes" }];

        var run = await RunAsync(ProbeType.Readiness, probe);

        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), run);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/healthz?verbose=1"), (request.Method, request.Target));
        Assert.Equal("kube-probe/1.32", request.Headers["user-agent"]);
        Assert.Equal("*/*", request.Headers["accept"]);
        Assert.Equal("yes", request.Headers["x-probe"]);
        Assert.Equal($"127.0.0.1:{server.Port}", request.Headers["host"]);
        Assert.Equal("close", request.Headers["connection"]);
    }

    [Fact]
    public async Task An_http_probe_fails_on_503_with_the_status_and_never_the_body()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);
        server.Reply = _ => new HttpReply(503, "secret details");

        var run = await RunAsync(ProbeType.Readiness, Probes.Http(server.Port));

        Assert.Equal(new ProbeRun(ProbeState.Failure, false,
            new ProbeEvent("db", "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503")), run);
    }

    [Fact]
    public async Task An_https_probe_accepts_a_self_signed_certificate()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network, PodHttpServer.SelfSignedCertificate());

        var run = await RunAsync(ProbeType.Liveness, Probes.Http(server.Port, scheme: "HTTPS"));

        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), run);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_http_probe_resolves_a_named_container_port()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);

        var run = await RunAsync(ProbeType.Startup, Probes.Http("metrics"), [new V1ContainerPort { ContainerPort = server.Port, Name = "metrics" }]);

        Assert.Equal(ProbeState.Success, run.Result);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_port_name_the_container_lacks_errors_as_in_the_kubelet()
    {
        var run = await RunAsync(ProbeType.Readiness, Probes.Http("metrics"), [new V1ContainerPort { ContainerPort = 8080, Name = "http" }]);

        Assert.Equal(new ProbeRun(ProbeState.Failure, true, new ProbeEvent("db", "Warning", "Unhealthy",
            "Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing \"metrics\": invalid syntax")), run);
    }

    [Fact]
    public async Task An_http_probe_follows_a_redirect_on_the_same_host()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);
        server.Reply = target => target == "/old"
            ? new HttpReply(302, "moved", new Dictionary<string, string> { ["Location"] = "/new" })
            : new HttpReply(200, "ok");

        var run = await RunAsync(ProbeType.Liveness, Probes.Http(server.Port, "/old"));

        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), run);
        Assert.Equal(["/old", "/new"], server.Requests.Select(r => r.Target));
        Assert.All(server.Requests, r => Assert.Equal("kube-probe/1.32", r.Headers["user-agent"]));
    }

    [Fact]
    public async Task An_http_probe_redirected_to_another_host_succeeds_with_a_warning()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);
        server.Reply = _ => new HttpReply(301, "gone elsewhere", new Dictionary<string, string> { ["Location"] = "http://elsewhere.invalid/healthz" });

        var run = await RunAsync(ProbeType.Readiness, Probes.Http(server.Port));

        Assert.Equal(new ProbeRun(ProbeState.Success, false, new ProbeEvent("db", "Warning", "ProbeWarning",
            "Readiness probe warning: Probe terminated redirects, Response body: gone elsewhere")), run);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_http_probe_stops_after_10_requests_of_redirects()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);
        server.Reply = _ => new HttpReply(307, "", new Dictionary<string, string> { ["Location"] = "/again" });

        var run = await RunAsync(ProbeType.Liveness, Probes.Http(server.Port, timeout: 5));

        Assert.Equal("Liveness probe failed: Get \"/again\": stopped after 10 redirects", run.Event?.Message);
        Assert.Equal(10, server.Requests.Count);
    }

    [Fact]
    public async Task An_http_probe_that_gets_no_answer_in_time_fails_with_a_deadline()
    {
        // Connections complete in the backlog of a socket that never accepts.
        using var silent = await Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(_pod.Network.NamespacePath, AddressFamily.InterNetwork);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(4);
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var run = await RunAsync(ProbeType.Liveness, Probes.Http(port, timeout: 1));

        Assert.Equal(
            $"Liveness probe failed: Get \"http://127.0.0.1:{port}/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            run.Event?.Message);
    }

    [Fact]
    public async Task Http_and_tcp_probes_connect_inside_the_pod_and_never_to_the_hosts_loopback()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var port = ((IPEndPoint)host.LocalEndpoint).Port;

        var http = await RunAsync(ProbeType.Liveness, Probes.Http(port));
        var tcp = await RunAsync(ProbeType.Readiness, Probes.Tcp(port));

        Assert.Equal($"Liveness probe failed: Get \"http://127.0.0.1:{port}/healthz\": dial tcp 127.0.0.1:{port}: connect: connection refused", http.Event?.Message);
        Assert.Equal($"Readiness probe failed: dial tcp 127.0.0.1:{port}: connect: connection refused", tcp.Event?.Message);
        Assert.False(host.Pending());
    }

    [Fact]
    public async Task A_tcp_probe_succeeds_when_the_port_is_open_in_the_pod()
    {
        await using var server = await PodHttpServer.StartAsync(_pod.Network);

        var run = await RunAsync(ProbeType.Liveness, Probes.Tcp(server.Port));

        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), run);
    }

    [Fact]
    public async Task A_probe_without_a_handler_errors()
    {
        var run = await RunAsync(ProbeType.Liveness, new V1Probe { PeriodSeconds = 1 });

        Assert.Equal("Liveness probe errored and resulted in unknown state: missing probe handler for container db", run.Event?.Message);
        Assert.True(run.Errored);
    }
}
