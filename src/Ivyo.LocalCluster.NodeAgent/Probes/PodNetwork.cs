using System.Net;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Where a pod's probes connect: <paramref name="PodAddress"/> (the kubelet's default host, the pod IP) is reached in
/// the network namespace of <paramref name="NamespaceProcessId"/>; until pods get their own IPs, the address is
/// 127.0.0.1 inside that namespace.
/// </summary>
public sealed record PodNetwork(int NamespaceProcessId, IPAddress PodAddress)
{
    /// <summary>The network of <paramref name="sandbox"/>, with the pod reached at 127.0.0.1 inside it.</summary>
    public static PodNetwork Of(PodSandbox sandbox) => new(sandbox.HolderProcessId, IPAddress.Loopback);
}
