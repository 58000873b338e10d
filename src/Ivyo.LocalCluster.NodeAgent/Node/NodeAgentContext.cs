using Ivyo.LocalCluster.NodeAgent.Images;
using Ivyo.LocalCluster.NodeAgent.Pods;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Node;

/// <summary>What every pod worker of one node shares: its identity, its tools and its connection to the API server.</summary>
public sealed record NodeAgentContext(
    string NodeName,
    string DataDirectory,
    NamespaceTools Tools,
    Kubernetes Client,
    IClusterObjects Objects,
    LocalImageCatalog Images,
    ContainerDirectory Containers,
    KubeletEvents Events,
    RestartBackoff Backoff,
    string? HostIp,
    string? ClusterDns,
    IReadOnlyDictionary<string, decimal> Allocatable,
    TimeProvider Time,
    ILoggerFactory Loggers,
    NodeNetwork? Network = null);

/// <summary>The cluster network a node's pods join, and the node's share of pod addresses.</summary>
public sealed record NodeNetwork(Networking.ClusterNetwork Cluster, Networking.Pods.PodAddressPool Addresses);
