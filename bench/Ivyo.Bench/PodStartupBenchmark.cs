using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// The measurements behind <c>pod-startup</c>, on a real local cluster: a trivial pod (one container running
/// <c>sleep infinity</c>) created through the API, timed from the create request to the pod being seen bound, Running
/// and Ready on a watch; first one pod at a time, then a burst created all at once.
/// </summary>
public sealed class PodStartupBenchmark(PodStartupParameters parameters, TextWriter progress)
{
    private const string Namespace = "default";
    private static readonly TimeSpan s_podTimeout = TimeSpan.FromSeconds(120);

    public async Task<PodStartupResults> RunAsync(CancellationToken cancellationToken)
    {
        await using var bench = await BenchCluster.StartAsync(parameters.Nodes, parameters.Durable, progress, cancellationToken);
        await using var watch = await PodWatch.StartAsync(bench.Client, Namespace, cancellationToken);

        await progress.WriteLineAsync($"pod-startup: {parameters.WarmUp} warm-up and {parameters.Trials} measured pods, one at a time");
        var sequential = new List<StartupTimes>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < parameters.WarmUp + parameters.Trials; i++)
        {
            if (i == parameters.WarmUp)
            {
                started = Stopwatch.GetTimestamp();
            }

            var name = "startup-" + i.ToString("D3", CultureInfo.InvariantCulture);
            var times = await StartOneAsync(bench.Client, watch, name, cancellationToken);
            if (i >= parameters.WarmUp)
            {
                sequential.Add(times);
            }

            await DeleteAsync(bench.Client, watch, [name], cancellationToken);
        }

        var sequentialElapsed = Stopwatch.GetElapsedTime(started);
        await progress.WriteLineAsync(
            $"pod-startup: sequential Ready p50 {Summarize(sequential, sequentialElapsed).Ready.P50.TotalMilliseconds:F0} ms; now a burst of {parameters.Burst} pods");

        var burst = await BurstAsync(bench.Client, watch, cancellationToken);
        return new PodStartupResults(Summarize(sequential, sequentialElapsed), burst);
    }

    /// <summary>Creates one pod and waits until it is Ready; the times are from the create request.</summary>
    private static async Task<StartupTimes> StartOneAsync(Kubernetes client, PodWatch watch, string name, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        await client.CoreV1.CreateNamespacedPodAsync(TrivialPod(name), Namespace, cancellationToken: cancellationToken);
        var created = Stopwatch.GetTimestamp();
        var seen = await watch.WaitAsync(name, m => m.Ready is not null && m.Running is not null, "Running and Ready", s_podTimeout, cancellationToken);
        return StartupTimes.Of(sent, created, seen);
    }

    /// <summary>Creates the burst's pods at once (each create its own request) and waits until all are Ready.</summary>
    private async Task<BurstResults> BurstAsync(Kubernetes client, PodWatch watch, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, parameters.Burst).Select(i => "burst-" + i.ToString("D3", CultureInfo.InvariantCulture)).ToList();
        var first = Stopwatch.GetTimestamp();
        var creates = names.Select(name => Task.Run(async () =>
        {
            var sent = Stopwatch.GetTimestamp();
            await client.CoreV1.CreateNamespacedPodAsync(TrivialPod(name), Namespace, cancellationToken: cancellationToken);
            return (Sent: sent, Created: Stopwatch.GetTimestamp());
        }, cancellationToken)).ToList();
        var requests = await Task.WhenAll(creates);
        var createsTook = Stopwatch.GetElapsedTime(first);
        var seen = await watch.WaitAllAsync(names, m => m.Ready is not null && m.Running is not null, "Running and Ready", s_podTimeout, cancellationToken);
        var lastReady = seen.Max(m => m.Ready!.Value);
        var times = seen.Select((m, i) => StartupTimes.Of(requests[i].Sent, requests[i].Created, m)).ToList();
        var nodes = seen.GroupBy(m => m.NodeName ?? "?").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        await DeleteAsync(client, watch, names, cancellationToken);
        var allReady = Stopwatch.GetElapsedTime(first, lastReady);
        return new BurstResults(Summarize(times, allReady), allReady, createsTook, nodes);
    }

    /// <summary>Deletes the pods and waits until they are gone (stopped on their nodes, then removed).</summary>
    private static async Task DeleteAsync(Kubernetes client, PodWatch watch, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        await Task.WhenAll(names.Select(name => client.CoreV1.DeleteNamespacedPodAsync(name, Namespace, cancellationToken: cancellationToken)));
        await watch.WaitAllAsync(names, m => m.Deleted is not null, "deleted", s_podTimeout, cancellationToken);
    }

    private static StartupSeries Summarize(List<StartupTimes> times, TimeSpan elapsed) => new(
        LatencySummary.FromDurations([.. times.Select(t => t.Created)], elapsed),
        LatencySummary.FromDurations([.. times.Select(t => t.Bound)], elapsed),
        LatencySummary.FromDurations([.. times.Select(t => t.Running)], elapsed),
        LatencySummary.FromDurations([.. times.Select(t => t.Ready)], elapsed));

    /// <summary>
    /// The trivial pod: one container running <c>sleep infinity</c> (the host's coreutils, under the pod's own root);
    /// a grace period of 1 s because sleep, as PID 1 of its namespace, ignores SIGTERM.
    /// </summary>
    private static V1Pod TrivialPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "pod-startup" } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["sleep", "infinity"] }],
        },
    };

    /// <summary>One pod's times from its create request: the create's response, bound, Running, Ready.</summary>
    private sealed record StartupTimes(TimeSpan Created, TimeSpan Bound, TimeSpan Running, TimeSpan Ready)
    {
        public static StartupTimes Of(long sent, long created, PodMilestones seen) => new(
            Stopwatch.GetElapsedTime(sent, created),
            Stopwatch.GetElapsedTime(sent, seen.Bound ?? seen.Running!.Value),
            Stopwatch.GetElapsedTime(sent, seen.Running!.Value),
            Stopwatch.GetElapsedTime(sent, seen.Ready!.Value));
    }
}
