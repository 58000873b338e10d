namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// An Event the kubelet records on the pod for a probe run (pkg/kubelet/prober/prober.go): reason
/// <c>Unhealthy</c> for a failure (<c>Readiness probe failed: HTTP probe failed with statuscode: 503</c>) or an error
/// (<c>Liveness probe errored and resulted in unknown state: ...</c>), <c>ProbeWarning</c> for a warning; always of
/// type Warning and about the container (<c>spec.containers{name}</c>).
/// </summary>
public sealed record ProbeEvent(string ContainerName, string Type, string Reason, string Message)
{
    /// <summary>The kubelet's reason for failed and errored probes (events.ContainerUnhealthy).</summary>
    public const string Unhealthy = "Unhealthy";

    /// <summary>The kubelet's reason for probes that succeeded with a warning (events.ContainerProbeWarning).</summary>
    public const string ProbeWarning = "ProbeWarning";
}
