namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// A container failed its liveness or startup probe past <c>failureThreshold</c> and must be killed, as the kubelet's
/// <c>computePodActions</c> decides: <paramref name="Message"/> is its <c>Container db failed liveness probe</c>
/// (the pod worker appends <c>, will be restarted</c> when the restart policy restarts it, and records it as the
/// <c>Killing</c> event). <paramref name="TerminationGracePeriodSeconds"/> is the probe's own grace period, which then
/// overrides the pod's.
/// </summary>
public sealed record ProbeRestartRequest(string ContainerName, ProbeType Probe, string Message, long? TerminationGracePeriodSeconds);
