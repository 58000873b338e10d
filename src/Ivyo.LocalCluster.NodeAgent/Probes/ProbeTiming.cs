using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// A probe's timing and thresholds with the API's defaults (periodSeconds 10, timeoutSeconds 1, successThreshold 1,
/// failureThreshold 3, initialDelaySeconds 0). Liveness and startup probes must have successThreshold 1, as validation
/// requires.
/// </summary>
internal sealed record ProbeTiming(int InitialDelaySeconds, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    public static ProbeTiming Of(V1Probe probe, ProbeType type) => new(
        Math.Max(0, probe.InitialDelaySeconds ?? 0),
        TimeSpan.FromSeconds(Positive(probe.PeriodSeconds, 10)),
        TimeSpan.FromSeconds(Positive(probe.TimeoutSeconds, 1)),
        type == ProbeType.Readiness ? Positive(probe.SuccessThreshold, 1) : 1,
        Positive(probe.FailureThreshold, 3));

    private static int Positive(int? value, int fallback) => value is > 0 ? value.Value : fallback;
}
