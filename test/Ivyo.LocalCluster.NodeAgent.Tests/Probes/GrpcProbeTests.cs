using Ivyo.LocalCluster.NodeAgent.Probes;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>The grpc probe against a gRPC health service inside the pod's network namespace.</summary>
public sealed class GrpcProbeTests : IAsyncLifetime
{
    private ProbePod _pod = null!;
    private PodGrpcHealthServer _server = null!;

    public async Task InitializeAsync()
    {
        _pod = await ProbePod.StartAsync();
        _server = await PodGrpcHealthServer.StartAsync(_pod.Network);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _pod.DisposeAsync();
    }

    private Task<ProbeRun> RunAsync(string? service, int? port = null) =>
        new ContainerProber(_pod.Target(Probes.Container()), TimeProvider.System).ProbeAsync(ProbeType.Readiness,
            new V1Probe { Grpc = new V1GRPCAction { Port = port ?? _server.Port, Service = service }, TimeoutSeconds = 2 }, CancellationToken.None);

    [Fact]
    public async Task A_serving_service_succeeds()
    {
        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), await RunAsync("ivorysql"));
        Assert.Equal(new ProbeRun(ProbeState.Success, false, null), await RunAsync(null));
    }

    [Fact]
    public async Task A_service_not_serving_fails_with_its_status()
    {
        var run = await RunAsync("other");

        Assert.Equal("Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")", run.Event?.Message);
    }

    [Fact]
    public async Task A_server_without_the_health_service_fails_as_in_the_kubelet()
    {
        var run = await RunAsync("unimplemented");

        Assert.Equal(
            "Readiness probe failed: error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health",
            run.Event?.Message);
    }

    [Fact]
    public async Task A_closed_port_fails_to_connect()
    {
        var closed = await PodHttpServer.StartAsync(_pod.Network);
        var port = closed.Port;
        await closed.DisposeAsync();

        var run = await RunAsync("", port);

        Assert.Equal(
            $"Readiness probe failed: timeout: failed to connect service \"127.0.0.1:{port}\" within 2s: dial tcp 127.0.0.1:{port}: connect: connection refused",
            run.Event?.Message);
    }
}
