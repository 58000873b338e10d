using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>How a container run ended, as <c>containerStatuses[].state.terminated</c> reports it.</summary>
public sealed record ContainerTermination(int ExitCode, string Reason, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string ContainerId);

/// <summary>
/// One container of a pod on this node: its spec, the process of its current run, its restarts and back-off, and
/// what its status says (waiting with a reason, running, or terminated).
/// </summary>
public sealed class ContainerSlot(V1Container spec, bool init)
{
    public V1Container Spec { get; set; } = spec;

    public bool Init { get; } = init;

    public string Name => Spec.Name;

    public ContainerProcess? Process { get; set; }

    /// <summary>The probes of the current run (none without probes in the spec or while not running).</summary>
    public Probes.ContainerProbes? Probes { get; set; }

    /// <summary>Started and ready as the kubelet reports them: running, and passing its startup and readiness probes.</summary>
    public bool IsStarted => IsRunning && (Probes?.IsStarted ?? true);

    public bool IsReady => IsRunning && !Init && (Probes?.IsReady ?? true);

    public string ContainerId { get; set; } = "";

    public DateTimeOffset? StartedAt { get; set; }

    public int RestartCount { get; set; }

    /// <summary>The run before the current one (<c>lastState</c>).</summary>
    public ContainerTermination? LastTermination { get; set; }

    /// <summary>The current run's end, when it will not be restarted (or not yet).</summary>
    public ContainerTermination? Terminated { get; set; }

    /// <summary>Why it is not running, such as ContainerCreating, CrashLoopBackOff or CreateContainerConfigError.</summary>
    public (string Reason, string? Message)? Waiting { get; set; } = ("ContainerCreating", null);

    /// <summary>When the next start may happen (restart back-off).</summary>
    public DateTimeOffset NextStartAt { get; set; }

    public bool IsRunning => Process is { IsRunning: true };

    /// <summary>Whether it has run to completion with exit code 0 (what init containers must do).</summary>
    public bool Succeeded => Terminated is { ExitCode: 0 } && Process is null;
}
