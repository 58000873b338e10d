using Ivyo.ControllerRuntime.Metrics;

namespace Ivyo.ControllerRuntime.LeaderElection;

/// <summary>
/// How to elect a leader with a coordination.k8s.io/v1 Lease, as client-go's <c>LeaderElectionConfig</c>
/// (defaults: 15s lease, 10s renew deadline, 2s retry period, as controller-runtime's manager).
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The Lease's namespace.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>The Lease's name.</summary>
    public required string LeaseName { get; init; }

    /// <summary>This candidate's identity, unique among the candidates (typically the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a standby waits, from when it last saw the lease change, before it takes a lease that is not renewed.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failing renew before it gives up leadership; less than <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether the leader releases the lease when it is cancelled (empty holder, 1-second duration) so that a standby
    /// takes over at once rather than after <see cref="LeaseDuration"/>.
    /// </summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Runs while this candidate leads; its token is cancelled when leadership ends. Leadership is released only after it returns.</summary>
    public Func<CancellationToken, Task>? OnStartedLeading { get; init; }

    /// <summary>Called when this candidate, having led, stops leading (lost, or cancelled and released).</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called with the identity of each new holder this candidate observes, itself included.</summary>
    public Action<string>? OnNewLeader { get; init; }

    /// <summary>The local clock: expiry is judged by when this candidate observed a change, never by the lease's timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the leading gauge goes; nowhere when null.</summary>
    public ControllerRuntimeMetrics? Metrics { get; init; }
}
