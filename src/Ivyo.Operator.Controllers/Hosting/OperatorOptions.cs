using Ivyo.Operator.Controllers.IvoryClusters;

namespace Ivyo.Operator.Controllers.Hosting;

/// <summary>How one operator process runs.</summary>
public sealed record OperatorOptions
{
    /// <summary>Watch and reconcile only this namespace (<c>IVYO_TARGET_NAMESPACE</c>); every namespace when null.</summary>
    public string? WatchNamespace { get; init; }

    /// <summary>
    /// The namespace of the leader-election Lease (the operator's own, <c>IVYO_NAMESPACE</c>); without one there is no
    /// election and this process reconciles at once, which is right only for a single replica.
    /// </summary>
    public string? LeaderElectionNamespace { get; init; }

    /// <summary>The Lease's name.</summary>
    public string LeaseName { get; init; } = "ivory-operator.ivorysql.org";

    /// <summary>This process's identity in the election: its pod name, made unique.</summary>
    public string Identity { get; init; } = System.Environment.MachineName + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// How long a standby waits, from when it last saw the Lease renewed, before it takes over. With
    /// <see cref="RetryPeriod"/> this bounds the takeover after a leader dies: at most about 10 + 1 + 1.2 s.
    /// (controller-runtime's 15 s would let a takeover last up to 19 s.)
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the leader retries failing renewals before it gives up leading (less than <see cref="LeaseDuration"/>).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>How often the leader renews and standbys try to acquire.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a stopping leader releases the Lease so that a standby takes over at once (a crash cannot).</summary>
    public bool ReleaseLeaseOnStop { get; init; } = true;

    /// <summary>Parallel reconciles (of different clusters).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>How the IvoryCluster controller is set up.</summary>
    public IvoryClusterReconcilerOptions Reconciler { get; init; } = new();
}
