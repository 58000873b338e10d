using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>How the <see cref="ControllerManager"/> runs: kube-controller-manager's flags that matter to the local cluster.</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>Which controllers run (<c>--controllers</c>); all by default.</summary>
    public ManagedControllers Controllers { get; init; } = ManagedControllers.All;

    /// <summary>Where the hostpath provisioner creates the directories of dynamically provisioned volumes.</summary>
    public required string VolumeDataDirectory { get; init; }

    /// <summary>How long a node's Lease may go unrenewed before the node is Unknown (<c>--node-monitor-grace-period</c>, 40 s).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often node health is checked (<c>--node-monitor-period</c>, 5 s).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of every controller (conditions, lease expiry, toleration seconds).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the controllers log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How many keys each controller reconciles at once (<c>--concurrent-*-syncs</c>).</summary>
    public int Workers { get; init; } = 2;
}
