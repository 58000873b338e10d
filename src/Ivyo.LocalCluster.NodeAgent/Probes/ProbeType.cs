namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>The kubelet's three probe types (pkg/kubelet/prober: liveness, readiness, startup).</summary>
public enum ProbeType
{
    Liveness,
    Readiness,
    Startup,
}
