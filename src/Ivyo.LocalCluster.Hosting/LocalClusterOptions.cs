using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Hosting;

/// <summary>How to run a local cluster: where its data lives, how many nodes, and the API server's port.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>Everything the cluster writes goes under this directory (etcd, volumes, pods, DNS records, kubeconfig).</summary>
    public required string DataDirectory { get; init; }

    public int Nodes { get; init; } = 3;

    /// <summary>The API server's port on 127.0.0.1 (0: any free port).</summary>
    public int Port { get; init; } = 6443;

    /// <summary>The cluster network namespace's name; one cluster per name runs on a machine.</summary>
    public string NetworkName { get; init; } = "ivyo-local";

    /// <summary>Keep objects in etcd (true) or in memory (tests that need no durability).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// The built <c>ivyo-operator.dll</c> that the <c>ivyo</c> image runs; without it that image is unknown and pulls
    /// of it fail, as on a node that cannot reach its registry.
    /// </summary>
    public string? OperatorDll { get; init; }

    /// <summary>
    /// Labels for nodes by name (<c>ivyo local up --node-labels</c>), set on their Node objects at registration, on top
    /// of the defaults: <c>kubernetes.io/hostname</c> and <c>topology.kubernetes.io/zone</c> (<c>zone-&lt;n&gt;</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NodeLabels { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>How often node agents renew their Lease and report status (the kubelet's 10 s).</summary>
    public TimeSpan NodeHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a silent node stays Ready (<c>--node-monitor-grace-period</c>, 40 s); tests shorten it.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often node health is checked (<c>--node-monitor-period</c>, 5 s).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
