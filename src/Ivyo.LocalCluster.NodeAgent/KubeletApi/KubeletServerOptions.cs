using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.KubeletApi;

/// <summary>How a node's kubelet API listens and whom it serves.</summary>
public sealed record KubeletServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one (the Node object then advertises it).</summary>
    public int Port { get; init; }

    /// <summary>The node's serving certificate with its key, issued by the cluster CA.</summary>
    public required X509Certificate2 ServingCertificate { get; init; }

    /// <summary>The cluster CA: client certificates must chain to it.</summary>
    public required X509Certificate2 ClientAuthority { get; init; }

    /// <summary>The client certificate common names served (the API server's kubelet client).</summary>
    public IReadOnlySet<string> AllowedClients { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "kube-apiserver-kubelet-client" };

    public required ContainerDirectory Containers { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
