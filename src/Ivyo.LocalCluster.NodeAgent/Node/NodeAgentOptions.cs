using System.Security.Cryptography.X509Certificates;
using Ivyo.LocalCluster.NodeAgent.Images;
using Ivyo.LocalCluster.NodeAgent.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.NodeAgent.Node;

/// <summary>One simulated node: its name, labels, taints and size, where it keeps pod data, and how it reaches the API.</summary>
public sealed record NodeAgentOptions
{
    public required string NodeName { get; init; }

    /// <summary>The node's directory: pods' volumes, writable layers and logs live under it, and nothing outside.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A client with the node's credentials.</summary>
    public required Kubernetes Client { get; init; }

    /// <summary>The kubelet API's serving certificate (issued by the cluster CA).</summary>
    public required X509Certificate2 ServingCertificate { get; init; }

    /// <summary>The cluster CA, which the API server's kubelet client certificate chains to.</summary>
    public required X509Certificate2 ClusterAuthority { get; init; }

    /// <summary>Labels besides kubernetes.io/hostname, kubernetes.io/os and kubernetes.io/arch, e.g. a zone.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "8Gi";

    public int MaxPods { get; init; } = 110;

    /// <summary>The address the node reports (InternalIP) and pods see as status.hostIP.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>
    /// The cluster network pods join, and this node's index: its pods get addresses from 10.244.&lt;index&gt;.0/24.
    /// Without a network, pods have only their loopback (enough for tests of the node alone).
    /// </summary>
    public Networking.ClusterNetwork? Network { get; init; }

    public int NodeIndex { get; init; } = 1;

    /// <summary>The cluster DNS server pods' resolv.conf names; none yet means no nameserver line.</summary>
    public string? ClusterDns { get; init; }

    public RestartBackoff Backoff { get; init; } = RestartBackoff.Kubelet;

    public LocalImageCatalog Images { get; init; } = new();

    /// <summary>How often the node renews its Lease and reports its status.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;
}
