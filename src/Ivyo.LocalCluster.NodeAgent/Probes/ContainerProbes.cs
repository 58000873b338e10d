using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The probes of one container run, as the kubelet's prober manager keeps them per container ID
/// (pkg/kubelet/prober/prober_manager.go): a worker per probe the container has, their standing results, and what
/// the pod status shows: <see cref="IsStarted"/> (no startup probe, or it succeeded) and <see cref="IsReady"/>
/// (running, started, and no readiness probe or it succeeded; a readiness probe starts as failed). Liveness and
/// readiness wait for startup; when startup succeeds, readiness is probed at once. A liveness or startup failure past
/// its threshold raises <see cref="ProbeCallbacks.Restart"/> once and sets <see cref="RestartRequest"/>.
/// </summary>
/// <remarks>
/// Wiring into a pod worker: when a container run starts, <c>new ContainerProbes(new ProbeTarget(spec, process,
/// PodNetwork.Of(sandbox)), callbacks, time, logger).Start(startedAt)</c>; each tick, read <see cref="IsStarted"/> and
/// <see cref="IsReady"/> into the container status and kill the container when <see cref="RestartRequest"/> is set;
/// when the run ends (or the pod stops), dispose it, and start a new one for the next run.
/// </remarks>
public sealed class ContainerProbes(ProbeTarget target, ProbeCallbacks callbacks, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ProbeWorker> _workers = [];
    private readonly List<Task> _running = [];
    // The kubelet's initial results, indexed by ProbeType: liveness Success, readiness Failure, startup Unknown.
    private readonly ProbeState[] _results = [ProbeState.Success, ProbeState.Failure, ProbeState.Unknown];
    private ProbeRestartRequest? _restart;
    private bool _ready;
    private bool _started;

    public string ContainerName => target.Container.Name;

    /// <summary>The liveness probe's standing result (Success until it fails, and without a probe).</summary>
    public ProbeState Liveness
    {
        get
        {
            lock (_lock)
            {
                return _results[(int)ProbeType.Liveness];
            }
        }
    }

    /// <summary>The readiness probe's standing result (Failure until it succeeds).</summary>
    public ProbeState Readiness
    {
        get
        {
            lock (_lock)
            {
                return _results[(int)ProbeType.Readiness];
            }
        }
    }

    /// <summary>The startup probe's standing result (Unknown until decided).</summary>
    public ProbeState Startup
    {
        get
        {
            lock (_lock)
            {
                return _results[(int)ProbeType.Startup];
            }
        }
    }

    internal bool IsContainerRunning => target.Process.IsRunning;

    /// <summary><c>containerStatuses[].started</c>: running, and no startup probe or it succeeded.</summary>
    public bool IsStarted
    {
        get
        {
            lock (_lock)
            {
                return IsContainerRunning && StartedLocked;
            }
        }
    }

    /// <summary><c>containerStatuses[].ready</c>: running, started, and no readiness probe or it succeeded.</summary>
    public bool IsReady
    {
        get
        {
            lock (_lock)
            {
                return IsContainerRunning && ReadyLocked;
            }
        }
    }

    /// <summary>Set once liveness or startup failed past its threshold: the container must be killed.</summary>
    public ProbeRestartRequest? RestartRequest
    {
        get
        {
            lock (_lock)
            {
                return _restart;
            }
        }
    }

    private bool StartedLocked => target.Container.StartupProbe is null || _results[(int)ProbeType.Startup] == ProbeState.Success;

    private bool ReadyLocked => StartedLocked && (target.Container.ReadinessProbe is null || _results[(int)ProbeType.Readiness] == ProbeState.Success);

    /// <summary>
    /// Starts a worker per probe of the container; <paramref name="startedAt"/> is when the container run started
    /// (default: now), from which <c>initialDelaySeconds</c> count.
    /// </summary>
    public ContainerProbes Start(DateTimeOffset? startedAt = null)
    {
        var since = startedAt ?? time.GetUtcNow();
        var prober = new ContainerProber(target, time);
        lock (_lock)
        {
            if (_workers.Count > 0 || _running.Count > 0)
            {
                throw new InvalidOperationException($"The probes of container {ContainerName} are running already.");
            }

            _started = StartedLocked;
            _ready = ReadyLocked;
            foreach (var (type, probe) in (ReadOnlySpan<(ProbeType, k8s.Models.V1Probe?)>)[
                (ProbeType.Startup, target.Container.StartupProbe),
                (ProbeType.Liveness, target.Container.LivenessProbe),
                (ProbeType.Readiness, target.Container.ReadinessProbe)])
            {
                if (probe is not null)
                {
                    _workers.Add(new ProbeWorker(type, probe, this, prober, time, logger));
                }
            }

            foreach (var worker in _workers)
            {
                _running.Add(Task.Run(() => worker.RunAsync(since, _stop.Token), CancellationToken.None));
            }
        }

        return this;
    }

    /// <summary>Probes readiness now instead of at its next period (the kubelet does so when it finds a container unready).</summary>
    public void TriggerReadiness() => Worker(ProbeType.Readiness)?.Trigger();

    /// <summary>A worker's event: logged, then handed to the pod worker.</summary>
    internal void Report(ProbeType type, ProbeEvent probeEvent)
    {
        ProbeLog.Event(logger, type, ContainerName, probeEvent.Reason, probeEvent.Message);
        callbacks.Event?.Invoke(probeEvent);
    }

    /// <summary>A worker's result past its threshold, as the kubelet's results manager <c>Set</c>: acted on when it changes.</summary>
    internal void Record(ProbeType type, ProbeState result)
    {
        ProbeRestartRequest? restart = null;
        bool? readiness = null;
        var started = false;
        lock (_lock)
        {
            if (_results[(int)type] == result)
            {
                return;
            }

            _results[(int)type] = result;
            ProbeLog.ResultChanged(logger, type, ContainerName, result);
            if (result == ProbeState.Failure && type is ProbeType.Liveness or ProbeType.Startup && _restart is null)
            {
                var probe = type == ProbeType.Liveness ? target.Container.LivenessProbe : target.Container.StartupProbe;
                restart = _restart = new ProbeRestartRequest(ContainerName, type,
                    $"Container {ContainerName} failed {(type == ProbeType.Liveness ? "liveness" : "startup")} probe", probe?.TerminationGracePeriodSeconds);
            }

            started = !_started && StartedLocked;
            _started = StartedLocked;
            var ready = IsContainerRunning && ReadyLocked;
            if (ready != _ready)
            {
                _ready = ready;
                readiness = ready;
            }
        }

        if (started)
        {
            // The kubelet triggers readiness as soon as it finds a started container unready.
            TriggerReadiness();
        }

        if (readiness is { } changed)
        {
            callbacks.ReadinessChanged?.Invoke(ContainerName, changed);
        }

        if (restart is not null)
        {
            callbacks.Restart?.Invoke(restart);
        }
    }

    private ProbeWorker? Worker(ProbeType type)
    {
        lock (_lock)
        {
            return _workers.Find(w => w.Type == type);
        }
    }

    /// <summary>Stops the workers and waits for them (a running exec probe is killed).</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        await _stop.CancelAsync();
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
