using System.Globalization;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Runs a container's probe once, as the kubelet's prober (pkg/kubelet/prober/prober.go): the probe's handler (exec,
/// httpGet, tcpSocket or grpc) is retried up to 3 times while it errors, then the result becomes an Event:
/// <c>Readiness probe failed: HTTP probe failed with statuscode: 503</c> (Unhealthy),
/// <c>Liveness probe errored and resulted in unknown state: ...</c> (Unhealthy), or
/// <c>Readiness probe warning: ...</c> (ProbeWarning).
/// </summary>
internal sealed class ContainerProber(ProbeTarget target, TimeProvider time)
{
    private const int MaxRetries = 3;

    private readonly ExecProber _exec = new(time);
    private readonly HttpGetProber _httpGet = new(new ProbeDialer(target.Network), time);
    private readonly TcpSocketProber _tcpSocket = new(new ProbeDialer(target.Network), time);
    private readonly GrpcProber _grpc = new(new ProbeDialer(target.Network), time);

    public async Task<ProbeRun> ProbeAsync(ProbeType type, V1Probe probe, CancellationToken cancellationToken)
    {
        var timeout = ProbeTiming.Of(probe, type).Timeout;
        var outcome = ProbeOutcome.Error("no probe ran");
        for (var attempt = 0; attempt < MaxRetries && (attempt == 0 || outcome.IsError); attempt++)
        {
            outcome = await RunOnceAsync(probe, timeout, cancellationToken);
        }

        var container = target.Container.Name;
        return outcome.Result switch
        {
            ProbeResult.Success => new ProbeRun(ProbeState.Success, false, null),
            ProbeResult.Warning => new ProbeRun(ProbeState.Success, false,
                new ProbeEvent(container, "Warning", ProbeEvent.ProbeWarning, $"{type} probe warning: {outcome.Output}")),
            ProbeResult.Failure => new ProbeRun(ProbeState.Failure, false,
                new ProbeEvent(container, "Warning", ProbeEvent.Unhealthy, $"{type} probe failed: {outcome.Output}")),
            _ => new ProbeRun(ProbeState.Failure, true,
                new ProbeEvent(container, "Warning", ProbeEvent.Unhealthy, $"{type} probe errored and resulted in unknown state: {outcome.Output}")),
        };
    }

    private Task<ProbeOutcome> RunOnceAsync(V1Probe probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var podAddress = target.Network.PodAddress.ToString();
        if (probe.Exec is { } exec)
        {
            return _exec.ProbeAsync(target.Process, [.. exec.Command ?? []], timeout, cancellationToken);
        }

        if (probe.HttpGet is { } httpGet)
        {
            return _httpGet.ProbeAsync(httpGet, target.Container, podAddress, timeout, cancellationToken);
        }

        if (probe.TcpSocket is { } tcpSocket)
        {
            var (port, error) = ContainerPorts.Resolve(tcpSocket.Port, target.Container);
            return error is not null
                ? Task.FromResult(ProbeOutcome.Error(error))
                : _tcpSocket.ProbeAsync(string.IsNullOrEmpty(tcpSocket.Host) ? podAddress : tcpSocket.Host, port, timeout, cancellationToken);
        }

        if (probe.Grpc is { } grpc)
        {
            return _grpc.ProbeAsync(podAddress, grpc, timeout, cancellationToken);
        }

        return Task.FromResult(ProbeOutcome.Error(string.Create(CultureInfo.InvariantCulture, $"missing probe handler for container {target.Container.Name}")));
    }
}
