using System.Threading.Channels;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// One probe of one container run, as the kubelet's probe worker (pkg/kubelet/prober/worker.go): it probes at once and
/// then every <c>periodSeconds</c> (or when triggered), skips while <c>initialDelaySeconds</c> have not passed since
/// the container started, runs liveness and readiness only once the container has started and startup only until
/// then, keeps the standing result until <c>successThreshold</c> or <c>failureThreshold</c> equal results in a row
/// change it, throws away errored runs, and stops once liveness failed or startup is decided (the container is then
/// killed or started; a new run gets new workers) or once the container is no longer running.
/// </summary>
internal sealed class ProbeWorker(ProbeType type, V1Probe probe, ContainerProbes owner, ContainerProber prober, TimeProvider time, ILogger logger)
{
    private readonly ProbeTiming _timing = ProbeTiming.Of(probe, type);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ProbeState _lastResult = ProbeState.Unknown;
    private int _resultRun;

    public ProbeType Type => type;

    public V1Probe Probe => probe;

    /// <summary>Probe now rather than at the next period (the kubelet's manual trigger), unless a probe is pending already.</summary>
    public void Trigger() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        using var ticker = time.CreateTimer(_ => Trigger(), null, _timing.Period, _timing.Period);
        try
        {
            while (await ProbeOnceAsync(startedAt, cancellationToken))
            {
                await _wake.Reader.ReadAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One step of the kubelet's <c>doProbe</c>; false when this worker is done.</summary>
    private async Task<bool> ProbeOnceAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        if (!owner.IsContainerRunning)
        {
            // The kubelet marks a container that is not running as failed; readiness is what that changes here, and
            // a stopped run is never probed again.
            if (type == ProbeType.Readiness)
            {
                owner.Record(type, ProbeState.Failure);
            }

            return false;
        }

        if ((int)(time.GetUtcNow() - startedAt).TotalSeconds < _timing.InitialDelaySeconds)
        {
            return true;
        }

        var started = owner.IsStarted;
        if (started && type == ProbeType.Startup)
        {
            return false;
        }

        if (!started && type != ProbeType.Startup)
        {
            return true;
        }

        ProbeRun run;
        try
        {
            run = await prober.ProbeAsync(type, probe, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ProbeLog.WorkerFailed(logger, e, type, owner.ContainerName);
            return true;
        }

        if (run.Event is { } probeEvent)
        {
            owner.Report(type, probeEvent);
        }

        if (run.Errored)
        {
            return true;
        }

        if (_lastResult == run.Result)
        {
            _resultRun++;
        }
        else
        {
            _lastResult = run.Result;
            _resultRun = 1;
        }

        if ((run.Result == ProbeState.Failure && _resultRun < _timing.FailureThreshold)
            || (run.Result == ProbeState.Success && _resultRun < _timing.SuccessThreshold))
        {
            return true;
        }

        owner.Record(type, run.Result);
        // A liveness failure means a restart, and a decided startup probe is done: the kubelet holds such workers
        // until it sees a new container, and a new container run gets new workers here.
        return !((type == ProbeType.Liveness && run.Result == ProbeState.Failure) || type == ProbeType.Startup);
    }
}
