namespace Ivyo.Bench;

/// <summary>
/// What <c>service-routing</c> measured: connect plus one round trip through the Service and directly, from a client
/// pod and from the benchmark in another pod's network namespace; and the time for the Service to follow a selector change.
/// </summary>
public sealed record ServiceRoutingResults(PathComparison FromPod, PathComparison FromProbe, LatencySummary Follow);

/// <summary>The same trials through the Service's virtual IP and to the pod IP directly, and the per-trial differences.</summary>
public sealed record PathComparison(LatencySummary ViaService, LatencySummary ViaPod, TimeSpan MeanService, TimeSpan MeanPod)
{
    /// <summary>The Service's overhead at the median: p50 via the Service minus p50 direct.</summary>
    public TimeSpan MedianOverhead => ViaService.P50 - ViaPod.P50;

    /// <summary>The difference of the 99th percentiles.</summary>
    public TimeSpan P99Overhead => ViaService.P99 - ViaPod.P99;

    /// <summary>The difference of the means.</summary>
    public TimeSpan MeanOverhead => MeanService - MeanPod;

    public static PathComparison Of(IReadOnlyList<TimeSpan> viaService, IReadOnlyList<TimeSpan> viaPod)
    {
        ArgumentNullException.ThrowIfNull(viaService);
        ArgumentNullException.ThrowIfNull(viaPod);
        var elapsed = TimeSpan.FromTicks(viaService.Sum(t => t.Ticks) + viaPod.Sum(t => t.Ticks));
        return new PathComparison(
            LatencySummary.FromDurations(viaService, elapsed),
            LatencySummary.FromDurations(viaPod, elapsed),
            TimeSpan.FromTicks((long)viaService.Average(t => t.Ticks)),
            TimeSpan.FromTicks((long)viaPod.Average(t => t.Ticks)));
    }
}
