using System.Globalization;
using System.Net;
using System.Text.Json;
using Ivyo.LocalCluster.NodeAgent.Node;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using Ivyo.LocalCluster.NodeAgent.Volumes;
using Ivyo.LocalCluster.Networking.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// Runs one pod on this node, as the kubelet's pod worker does: the sandbox and volumes, init containers one by one,
/// then the containers, restarts by <c>restartPolicy</c> with crash-loop back-off, status written back after every
/// change, and on deletion a graceful stop (SIGTERM, then SIGKILL after the pod's grace period) followed by the final
/// delete with grace period 0 that removes the pod from the API.
/// </summary>
public sealed class PodWorker : IAsyncDisposable
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_volumeRefresh = TimeSpan.FromSeconds(5);

    private readonly NodeAgentContext _node;
    private readonly ILogger _logger;
    private readonly PodVolumes _volumes;
    private readonly ContainerEnvironment _environment;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly System.Collections.Concurrent.ConcurrentQueue<Probes.ProbeEvent> _probeEvents = new();
    private readonly string _directory;
    private readonly List<ContainerSlot> _init;
    private readonly List<ContainerSlot> _containers;
    private V1Pod _pod;
    private volatile bool _gone;
    private PodSandbox? _sandbox;
    private PodNetworkAttachment? _attachment;
    private string? _lastPodIp;
    private IReadOnlyDictionary<string, string>? _volumePaths;
    private IReadOnlyList<(string ContainerPath, string HostPath)> _podFiles = [];
    private DateTimeOffset _volumesAt;
    private DateTimeOffset _startTime;
    private string? _writtenStatus;
    private Task _running = Task.CompletedTask;
    private WorkerActivity _activity = new("not started", DateTimeOffset.MinValue);

    public PodWorker(NodeAgentContext node, V1Pod pod)
    {
        _node = node;
        _pod = pod;
        _logger = node.Loggers.CreateLogger<PodWorker>();
        _volumes = new PodVolumes(node.Objects, node.Time);
        _environment = new ContainerEnvironment(node.Objects);
        _directory = Path.Combine(node.DataDirectory, "pods", pod.Metadata.Uid);
        _init = [.. (pod.Spec.InitContainers ?? []).Select(c => new ContainerSlot(c, init: true))];
        _containers = [.. pod.Spec.Containers.Select(c => new ContainerSlot(c, init: false))];
    }

    private string Namespace => _pod.Metadata.NamespaceProperty;

    /// <summary>The pod's address while it has one; a finished pod keeps reporting its last, as the kubelet does.</summary>
    private string? PodIp => _attachment?.Address.ToString() is { } current ? _lastPodIp = current : _lastPodIp;

    private string Name => _pod.Metadata.Name;

    /// <summary>
    /// What the worker is doing now and since when, for diagnostics: a pod that does not stop shows where its worker
    /// waits.
    /// </summary>
    public string Activity
    {
        get
        {
            var (what, since) = Volatile.Read(ref _activity);
            return $"{Namespace}/{Name} ({_pod.Metadata.Uid}): {what} since {since:O}";
        }
    }

    private void Doing(string what) => Volatile.Write(ref _activity, new WorkerActivity(what, _node.Time.GetUtcNow()));

    private sealed record WorkerActivity(string What, DateTimeOffset Since);

    /// <summary>Ends when the pod is gone from this node and everything it ran is stopped.</summary>
    public Task Completion => _running;

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The informer saw a newer version of the pod.</summary>
    public void Update(V1Pod pod)
    {
        _pod = pod;
        _signal.Release();
    }

    /// <summary>The pod is gone from the API (deleted with grace period 0 by someone): stop at once.</summary>
    public void Remove()
    {
        _gone = true;
        _signal.Release();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        _startTime = _node.Time.GetUtcNow();
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !_gone)
            {
                var pod = _pod;
                try
                {
                    if (pod.Metadata.DeletionTimestamp is not null)
                    {
                        Doing("terminating");
                        await TerminateAsync(pod, cancellationToken);
                        Doing("deleting the pod (grace period 0)");
                        await FinalDeleteAsync(pod, cancellationToken);
                        break;
                    }

                    var phase = PodStatusBuilder.Phase(pod.Spec.RestartPolicy ?? "Always", _init, _containers);
                    if (phase is "Succeeded" or "Failed")
                    {
                        Doing("stopping the sandbox of a finished pod");
                        await StopSandboxAsync();
                    }
                    else
                    {
                        await StepAsync(pod, cancellationToken);
                    }

                    Doing("writing the status");
                    await WriteStatusAsync(pod, cancellationToken);
                    failures = 0;
                }
                catch (Exception e) when (ApiUnreachable(e, cancellationToken))
                {
                    // The API server is out of reach (a partition, a restart, a request that timed out): the pod keeps
                    // running as it is, and its status is written again once the server answers, as the kubelet does.
                    // A terminating pod's worker goes on terminating it: nothing else would, as no newer version of the
                    // pod may ever come.
                    PodWorkerLog.ApiUnreachable(_logger, Namespace, Name, e.Message);
                    _writtenStatus = null;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Anything else fails this sync, not the pod: the kubelet logs "Error syncing pod" and syncs again
                    // with back-off. A worker that ended here would leave its pod running, or stuck Terminating.
                    failures++;
                    var backoff = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 << Math.Min(failures, 6)));
                    PodWorkerLog.SyncFailed(_logger, e, Namespace, Name, backoff.TotalSeconds);
                    _writtenStatus = null;
                    Doing($"retrying in {backoff.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s after {e.GetType().Name}: {e.Message}");
                    await Task.Delay(backoff, _node.Time, cancellationToken);
                    continue;
                }

                Doing("waiting for a change");
                await _signal.WaitAsync(s_tick, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await KillEverythingAsync();
        }
    }

    private static bool ApiUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or HttpIOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task StepAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (_sandbox is null)
        {
            Doing("starting the sandbox");
            Directory.CreateDirectory(_directory);
            _sandbox = await PodSandbox.StartAsync(_node.Tools, pod.Spec.Hostname is { Length: > 0 } h ? h : Name, cancellationToken, _directory);
            if (_node.Network is { } network)
            {
                // The CNI step: the pod's namespace joins the cluster network with an address of the node's range.
                var address = network.Addresses.Allocate();
                try
                {
                    _attachment = await PodNetworkAttachment.AttachAsync(network.Cluster, _sandbox.HolderProcessId, address, cancellationToken);
                }
                catch
                {
                    network.Addresses.Release(address);
                    throw;
                }
            }
        }

        // The downward API (env and volumes) sees the pod's addresses as the kubelet knows them, before any status write.
        pod = WithAddresses(pod);
        if (_volumePaths is null || _node.Time.GetUtcNow() - _volumesAt > s_volumeRefresh)
        {
            try
            {
                Doing("preparing volumes");
                _volumePaths = await _volumes.PrepareAsync(pod, _directory, _node.HostIp, _node.Allocatable, cancellationToken);
                _podFiles = PodFiles.Write(pod, _directory, PodIp, _node.ClusterDns);
                _volumesAt = _node.Time.GetUtcNow();
            }
            catch (VolumeNotReadyException e) when (_volumePaths is null)
            {
                foreach (var slot in _init.Concat(_containers))
                {
                    slot.Waiting = ("ContainerCreating", null);
                }

                if (_node.Time.GetUtcNow() - _volumesAt > TimeSpan.FromSeconds(10))
                {
                    _volumesAt = _node.Time.GetUtcNow();
                    await _node.Events.RecordAsync(pod, null, "Warning", "FailedMount", e.Message, cancellationToken);
                }

                return;
            }
        }

        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        if (_init.FirstOrDefault(c => !c.Succeeded) is { } init)
        {
            // Init containers run one at a time, each to success, before any container starts.
            await StepContainerAsync(pod, init, restartPolicy == "Always" ? "OnFailure" : restartPolicy, cancellationToken);
            return;
        }

        foreach (var slot in _containers)
        {
            await StepContainerAsync(pod, slot, restartPolicy, cancellationToken);
        }
    }

    private async Task StepContainerAsync(V1Pod pod, ContainerSlot slot, string restartPolicy, CancellationToken cancellationToken)
    {
        while (_probeEvents.TryDequeue(out var probeEvent))
        {
            await _node.Events.RecordAsync(pod, probeEvent.ContainerName, probeEvent.Type, probeEvent.Reason, probeEvent.Message, cancellationToken);
        }

        if (slot is { Process.IsRunning: true, Probes.RestartRequest: { } unhealthy })
        {
            // A failed liveness or startup probe: the kubelet kills the container, and the restart policy takes over.
            var grace = unhealthy.TerminationGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30;
            Doing($"stopping {slot.Name} after a failed probe");
            await StopProbesAsync(slot);
            await _node.Events.RecordAsync(pod, slot.Name, "Normal", "Killing", unhealthy.Message + (restartPolicy == "Never" ? "" : ", will be restarted"), cancellationToken);
            await slot.Process.StopAsync(TimeSpan.FromSeconds(grace), cancellationToken);
        }

        var now = _node.Time.GetUtcNow();
        if (slot.Process is { IsRunning: false } exited)
        {
            Doing($"collecting the exit of {slot.Name}");
            var exitCode = await exited.WaitForExitAsync(cancellationToken);
            await StopProbesAsync(slot);
            var termination = new ContainerTermination(exitCode, exitCode == 0 ? "Completed" : "Error", slot.StartedAt ?? now, now, slot.ContainerId);
            _node.Containers.Exited(Namespace, Name, slot.Name);
            await exited.DisposeAsync();
            slot.Process = null;
            var restart = restartPolicy == "Always" || (restartPolicy == "OnFailure" && exitCode != 0);
            if (restart)
            {
                slot.LastTermination = termination;
                slot.Terminated = null;
                slot.NextStartAt = now + _node.Backoff.Delay(slot.RestartCount + 1);
                slot.Waiting = ("CrashLoopBackOff", $"back-off {_node.Backoff.Delay(slot.RestartCount + 1).TotalSeconds.ToString(CultureInfo.InvariantCulture)}s restarting failed container={slot.Name} pod={Name}_{Namespace}({pod.Metadata.Uid})");
                slot.RestartCount++;
                if (exitCode != 0)
                {
                    await _node.Events.RecordAsync(pod, slot.Name, "Warning", "BackOff", $"Back-off restarting failed container {slot.Name} in pod {Name}_{Namespace}({pod.Metadata.Uid})", cancellationToken);
                }
            }
            else
            {
                slot.Terminated = termination;
                slot.Waiting = null;
            }
        }

        if (slot.Process is not null || slot.Terminated is not null || now < slot.NextStartAt)
        {
            return;
        }

        await StartContainerAsync(pod, slot, cancellationToken);
    }

    private async Task StartContainerAsync(V1Pod pod, ContainerSlot slot, CancellationToken cancellationToken)
    {
        var spec = slot.Spec;
        Doing($"starting {slot.Name}");
        try
        {
            var services = ServiceEnvironment.For(pod.Spec.EnableServiceLinks == false
                ? (await _node.Objects.ListServicesAsync(Namespace, cancellationToken)).Where(s => s.Metadata.Name == "kubernetes" && s.Metadata.NamespaceProperty == "default")
                : await _node.Objects.ListServicesAsync(Namespace, cancellationToken));
            var environment = await _environment.BuildAsync(pod, spec, services, _node.HostIp, _node.Allocatable, cancellationToken);
            var image = _node.Images.Find(spec.Image);
            var command = ContainerCommands.Resolve(pod, spec, image, environment);
            var run = slot.RestartCount.ToString(CultureInfo.InvariantCulture);
            var containerDirectory = Directory.CreateDirectory(Path.Combine(_directory, "containers", slot.Name)).FullName;
            var previousRun = Path.Combine(containerDirectory, (slot.RestartCount - 1).ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(previousRun))
            {
                // A restarted container starts from a fresh writable layer, as a new container from its image would.
                Directory.Delete(previousRun, recursive: true);
            }

            IReadOnlyList<ContainerMount> mounts = [.. image?.Files ?? [], .. ContainerMounts.For(pod, spec, _volumePaths!, _podFiles, environment, containerDirectory)];
            var filesystem = ContainerFilesystem.Under(Path.Combine(containerDirectory, run), mounts, spec.SecurityContext?.ReadOnlyRootFilesystem == true);
            var logDirectory = Directory.CreateDirectory(Path.Combine(_directory, "logs", slot.Name)).FullName;
            if (slot.RestartCount == 0)
            {
                await _node.Events.RecordAsync(pod, slot.Name, "Normal", "Pulled", $"Container image \"{spec.Image}\" already present on machine", cancellationToken);
            }

            var process = await ContainerProcess.StartAsync(_node.Tools, _sandbox!, command, Path.Combine(logDirectory, run + ".log"),
                pod.Spec.ShareProcessNamespace == true, _node.Time, cancellationToken, filesystem);
            slot.Process = process;
            slot.ContainerId = $"ivyo://{pod.Metadata.Uid[..8]}-{slot.Name}-{run}";
            slot.StartedAt = _node.Time.GetUtcNow();
            slot.Waiting = null;
            slot.Terminated = null;
            _node.Containers.Register(Namespace, Name, slot.Name, process);
            if (spec.LivenessProbe is not null || spec.ReadinessProbe is not null || spec.StartupProbe is not null)
            {
                var network = Probes.PodNetwork.Of(_sandbox!, PodIp is { } ip ? System.Net.IPAddress.Parse(ip) : null);
                slot.Probes = new Probes.ContainerProbes(new Probes.ProbeTarget(spec, process, network), new Probes.ProbeCallbacks
                {
                    Event = _probeEvents.Enqueue,
                    ReadinessChanged = (_, _) => _signal.Release(),
                }, _node.Time, _logger).Start(slot.StartedAt);
            }

            await _node.Events.RecordAsync(pod, slot.Name, "Normal", "Created", $"Created container {slot.Name}", cancellationToken);
            await _node.Events.RecordAsync(pod, slot.Name, "Normal", "Started", $"Started container {slot.Name}", cancellationToken);
        }
        catch (ContainerConfigException e)
        {
            slot.Waiting = ("CreateContainerConfigError", e.Message);
            slot.NextStartAt = _node.Time.GetUtcNow().AddSeconds(1);
        }
        catch (ImageNotFoundException e)
        {
            slot.Waiting = (slot.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff" ? "ImagePullBackOff" : "ErrImagePull", e.Message);
            slot.NextStartAt = _node.Time.GetUtcNow().AddSeconds(5);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else that keeps the container from starting is RunContainerError, retried with back-off.
            PodWorkerLog.StartFailed(_logger, e, Namespace, Name, slot.Name);
            slot.Waiting = ("RunContainerError", e.Message);
            slot.NextStartAt = _node.Time.GetUtcNow() + _node.Backoff.Delay(slot.RestartCount + 1);
        }
    }

    private static async Task StopProbesAsync(ContainerSlot slot)
    {
        if (slot.Probes is { } probes)
        {
            slot.Probes = null;
            await probes.DisposeAsync();
        }
    }

    private V1Pod WithAddresses(V1Pod pod)
    {
        var copy = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
        copy.Status ??= new V1PodStatus();
        copy.Status.PodIP = PodIp;
        copy.Status.PodIPs = PodIp is { } ip ? [new V1PodIP { Ip = ip }] : null;
        copy.Status.HostIP = _node.HostIp;
        return copy;
    }

    /// <summary>Graceful termination: every running container gets SIGTERM, then SIGKILL when the grace period ends.</summary>
    private async Task TerminateAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
        var running = _init.Concat(_containers).Where(c => c.Process is not null).ToList();
        foreach (var slot in running.Where(s => s.IsRunning))
        {
            await _node.Events.RecordAsync(pod, slot.Name, "Normal", "Killing", $"Stopping container {slot.Name}", cancellationToken);
        }

        Doing($"stopping {string.Join(", ", running.Select(s => s.Name))} (grace period {grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
        await Task.WhenAll(running.Select(async slot =>
        {
            await StopProbesAsync(slot);
            var exitCode = await slot.Process!.StopAsync(grace, cancellationToken);
            var now = _node.Time.GetUtcNow();
            slot.Terminated = new ContainerTermination(exitCode, exitCode == 0 ? "Completed" : "Error", slot.StartedAt ?? now, now, slot.ContainerId);
            slot.Waiting = null;
            _node.Containers.Exited(Namespace, Name, slot.Name);
            await slot.Process.DisposeAsync();
            slot.Process = null;
        }));
        await StopSandboxAsync();
        await WriteStatusAsync(pod, cancellationToken);
    }

    /// <summary>The kubelet's last word on a pod: a delete with grace period 0, bound to this pod's uid.</summary>
    private async Task FinalDeleteAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _node.Client.CoreV1.DeleteNamespacedPodAsync(Name, Namespace, new V1DeleteOptions
            {
                GracePeriodSeconds = 0,
                Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
            }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or a new pod of the same name: nothing of ours is left to delete.
        }

        // Gone from the API now: its directory (emptyDirs, layers, logs) goes with it, without waiting for the
        // informer's Deleted event, which usually arrives after the worker has ended.
        _gone = true;
    }

    private async Task WriteStatusAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var status = PodStatusBuilder.Build(pod, _init, _containers, _sandbox is not null, _node.HostIp, PodIp, _startTime, _node.Time.GetUtcNow(), pod.Status);
        var comparable = JsonSerializer.Serialize(status with { Conditions = [.. status.Conditions.Select(c => c with { LastTransitionTime = null })] });
        if (comparable == _writtenStatus)
        {
            return;
        }

        try
        {
            var current = await _node.Client.CoreV1.ReadNamespacedPodAsync(Name, Namespace, cancellationToken: cancellationToken);
            if (current.Metadata.Uid != pod.Metadata.Uid)
            {
                return;
            }

            current.Status = PodStatusBuilder.Build(current, _init, _containers, _sandbox is not null, _node.HostIp, PodIp, _startTime, _node.Time.GetUtcNow(), current.Status);
            await _node.Client.CoreV1.ReplaceNamespacedPodStatusAsync(current, Name, Namespace, cancellationToken: cancellationToken);
            _writtenStatus = comparable;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Someone wrote the pod in between: the next tick writes again.
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            _gone = true;
        }
    }

    private async Task StopSandboxAsync()
    {
        if (_attachment is not null)
        {
            await _attachment.DetachAsync();
            _node.Network!.Addresses.Release(_attachment.Address);
            _attachment = null;
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
            _sandbox = null;
        }
    }

    private async Task KillEverythingAsync()
    {
        // The pod's PID namespace first: its holder is PID 1 there, so this kills every process of the pod at once,
        // those of nested container namespaces included and, with shareProcessNamespace, the orphans a killed main
        // process leaves (PostgreSQL's, under Patroni), which would otherwise keep a container's log pipe open forever.
        if (_sandbox is not null)
        {
            Signals.Send(_sandbox.HolderProcessId, Signals.Kill);
        }

        foreach (var slot in _init.Concat(_containers).Where(s => s.Process is not null))
        {
            await StopProbesAsync(slot);
            await slot.Process!.DisposeAsync();
            slot.Process = null;
            _node.Containers.Remove(Namespace, Name, slot.Name);
        }

        await StopSandboxAsync();
        if (_gone && Directory.Exists(_directory))
        {
            // The pod is gone from the API: its emptyDirs and writable layers go with it, as on a real node.
            Directory.Delete(_directory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
        _signal.Dispose();
    }
}
