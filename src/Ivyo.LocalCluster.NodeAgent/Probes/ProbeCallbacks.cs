namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// What <see cref="ContainerProbes"/> tells its pod worker, the kubelet's results-manager updates and prober events.
/// Called on probe worker threads, one probe type at a time, never under a lock: a pod worker that acts on its own
/// loop should queue them (or simply poll <see cref="ContainerProbes.IsReady"/> and
/// <see cref="ContainerProbes.RestartRequest"/> each tick).
/// </summary>
public sealed record ProbeCallbacks
{
    /// <summary>Record this Event on the pod (Unhealthy or ProbeWarning).</summary>
    public Action<ProbeEvent>? Event { get; init; }

    /// <summary>The container must be killed (and restarted by the restart policy); raised once per container run.</summary>
    public Action<ProbeRestartRequest>? Restart { get; init; }

    /// <summary>The container's readiness (<see cref="ContainerProbes.IsReady"/>) changed: container name, ready.</summary>
    public Action<string, bool>? ReadinessChanged { get; init; }
}
