using System.Diagnostics;

namespace Ivyo.Bench;

/// <summary>
/// Runs a fixed number of operations with a fixed number of workers, each taking the next operation as soon as its
/// last one finishes (a closed loop), and times every operation with <see cref="Stopwatch"/> timestamps.
/// </summary>
public static class LoadRunner
{
    /// <summary>One operation: the worker's number (0 to concurrency - 1) and the operation's sequence number.</summary>
    public delegate Task Operation(int worker, int index, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="warmUp"/> unmeasured operations, then <paramref name="operations"/> measured ones.</summary>
    public static async Task<LatencySummary> RunAsync(
        int warmUp, int operations, int concurrency, Operation operation, CancellationToken cancellationToken)
    {
        if (warmUp > 0)
        {
            await RunOnceAsync(0, warmUp, concurrency, operation, cancellationToken);
        }

        return await RunOnceAsync(warmUp, operations, concurrency, operation, cancellationToken);
    }

    private static async Task<LatencySummary> RunOnceAsync(
        int firstIndex, int operations, int concurrency, Operation operation, CancellationToken cancellationToken)
    {
        var latencies = new long[operations];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(concurrency, operations)).Select(worker => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= operations)
                {
                    return;
                }

                var before = Stopwatch.GetTimestamp();
                await operation(worker, firstIndex + i, cancellationToken);
                latencies[i] = Stopwatch.GetTimestamp() - before;
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return LatencySummary.FromTimestamps(latencies, elapsed);
    }
}

/// <summary>Throughput and latency percentiles (nearest rank) of one measured run.</summary>
public sealed record LatencySummary(int Count, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    /// <summary>Completed operations per second of wall-clock time.</summary>
    public double Throughput => Count / Elapsed.TotalSeconds;

    /// <summary>Summarizes durations given in <see cref="Stopwatch"/> ticks.</summary>
    public static LatencySummary FromTimestamps(IReadOnlyList<long> durations, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(durations.Count);
        var sorted = durations.Order().ToArray();
        return new LatencySummary(
            sorted.Length,
            elapsed,
            Ticks(Percentile(sorted, 0.50)),
            Ticks(Percentile(sorted, 0.99)),
            Ticks(sorted[^1]));
    }

    /// <summary>Summarizes durations.</summary>
    public static LatencySummary FromDurations(IReadOnlyList<TimeSpan> durations, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(durations.Count);
        var sorted = durations.Select(d => d.Ticks).Order().ToArray();
        return new LatencySummary(
            sorted.Length,
            elapsed,
            TimeSpan.FromTicks(Percentile(sorted, 0.50)),
            TimeSpan.FromTicks(Percentile(sorted, 0.99)),
            TimeSpan.FromTicks(sorted[^1]));
    }

    private static long Percentile(long[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static TimeSpan Ticks(long stopwatchTicks) =>
        TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
}
