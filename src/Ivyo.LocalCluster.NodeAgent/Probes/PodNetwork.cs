using System.Globalization;
using System.Net;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Where a pod's probes connect: <paramref name="PodAddress"/> (the kubelet's default host, the pod IP) is reached in
/// the network namespace at <paramref name="NamespacePath"/> (<c>/proc/PID/ns/net</c> or <c>/run/netns/NAME</c>);
/// until pods get their own IPs, the address is 127.0.0.1 inside that namespace.
/// </summary>
public sealed record PodNetwork(string NamespacePath, IPAddress PodAddress)
{
    /// <summary>The network of <paramref name="sandbox"/>, with the pod reached at <paramref name="podAddress"/> (default 127.0.0.1) inside it.</summary>
    public static PodNetwork Of(PodSandbox sandbox, IPAddress? podAddress = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $"/proc/{sandbox.HolderProcessId}/ns/net"), podAddress ?? IPAddress.Loopback);
}
