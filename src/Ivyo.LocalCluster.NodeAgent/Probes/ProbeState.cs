namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// A probe's standing result once the thresholds are met, as pkg/kubelet/prober/results' <c>Result</c>. Readiness
/// starts as <see cref="Failure"/>, liveness as <see cref="Success"/> and startup as <see cref="Unknown"/>.
/// </summary>
public enum ProbeState
{
    Unknown,
    Success,
    Failure,
}
