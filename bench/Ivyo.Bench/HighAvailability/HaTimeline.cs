using System.Diagnostics;

namespace Ivyo.Bench.HighAvailability;

/// <summary>What one run measured, in seconds from the fault's injection unless said otherwise.</summary>
public sealed record HaRunResult(
    HaScenario Scenario,
    int Run,
    string OldPrimary,
    string NewPrimary,
    double UnavailableSeconds,
    double? DetectionSeconds,
    double? PromotionSeconds,
    double? EndpointSeconds,
    double? WritesResumedSeconds,
    double? RejoinSeconds,
    int Acknowledged,
    int Lost,
    int SplitBrainRounds,
    int ProbeRounds,
    int FailedWrites);

/// <summary>
/// Reads one run's records: the write checker's acknowledgements, the probe's rounds and the leader readings, all
/// <see cref="Stopwatch"/> timestamps, against the moment the fault was injected.
/// </summary>
public static class HaTimeline
{
    /// <summary>
    /// Write unavailability: the longest interval between two consecutive acknowledged writes from the last one
    /// before the fault to the end of the run (a switchover's writes go on for a moment after the request, so the gap
    /// is not assumed to start at the injection). Zero writes after the fault is an infinite gap.
    /// </summary>
    public static (double Seconds, long? ResumedAt) LongestGap(IReadOnlyList<WriteChecker.Acknowledged> acknowledged, long injectedAt, long endedAt)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        var times = acknowledged.Select(a => a.At).Order().ToList();
        var start = times.LastOrDefault(t => t <= injectedAt, injectedAt);
        var previous = start;
        var longest = 0d;
        long? resumed = null;
        foreach (var at in times.Where(t => t > start))
        {
            var gap = Stopwatch.GetElapsedTime(previous, at).TotalSeconds;
            if (gap > longest)
            {
                longest = gap;
                resumed = at;
            }

            previous = at;
        }

        var tail = Stopwatch.GetElapsedTime(previous, endedAt).TotalSeconds;
        return tail > longest ? (double.PositiveInfinity, null) : (longest, resumed);
    }

    /// <summary>Seconds from <paramref name="injectedAt"/> to the first probe round where another instance than the old primary took writes.</summary>
    public static double? Promotion(IReadOnlyList<PrimaryProbe.Round> rounds, long injectedAt, string oldPrimary, string newPrimary) =>
        Since(injectedAt, rounds.FirstOrDefault(r => r.At >= injectedAt && newPrimary != oldPrimary
            && r.States.GetValueOrDefault(newPrimary) == InstanceState.Writable)?.At);

    /// <summary>Probe rounds after the injection in which two instances took writes at once.</summary>
    public static int SplitBrainRounds(IReadOnlyList<PrimaryProbe.Round> rounds) => rounds.Count(r => r.Writable >= 2);

    /// <summary>Seconds to the first reading whose lock holder is another than <paramref name="oldPrimary"/> (Patroni's detection).</summary>
    public static double? Detection(IReadOnlyList<LeaderEndpoints.Reading> readings, long injectedAt, string oldPrimary) =>
        Since(injectedAt, readings.FirstOrDefault(r => r.At >= injectedAt && r.Leader is { } leader && leader != oldPrimary)?.At);

    /// <summary>Seconds to the first reading that routes to <paramref name="newIp"/> only (the endpoint switch).</summary>
    public static double? EndpointSwitch(IReadOnlyList<LeaderEndpoints.Reading> readings, long injectedAt, string newIp) =>
        Since(injectedAt, readings.FirstOrDefault(r => r.At >= injectedAt && r.Addresses.Count == 1 && r.Addresses[0] == newIp)?.At);

    public static double? Since(long from, long? to) => to is { } at ? Stopwatch.GetElapsedTime(from, at).TotalSeconds : null;

    /// <summary>The median (the mean of the middle two for an even count) and the maximum; nulls where nothing was measured.</summary>
    public static (double? Median, double? Max) Summary(IEnumerable<double?> values)
    {
        var measured = values.OfType<double>().Order().ToList();
        if (measured.Count == 0)
        {
            return (null, null);
        }

        var middle = measured.Count / 2;
        var median = measured.Count % 2 == 1 ? measured[middle] : (measured[middle - 1] + measured[middle]) / 2;
        return (median, measured[^1]);
    }
}
