using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// What a container's probes act on: its spec (the probes and the named ports they use), the process of its current
/// run (exec probes run in its namespaces) and the pod's network (httpGet, tcpSocket and grpc probes connect there).
/// </summary>
public sealed record ProbeTarget(V1Container Container, ContainerProcess Process, PodNetwork Network);
