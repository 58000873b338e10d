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

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
