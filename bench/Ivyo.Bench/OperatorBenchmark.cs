using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Naming;
using k8s;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Bench;

/// <summary>
/// The measurements behind <c>operator</c>, each on its own in-process API server (in-memory store, no pods):
/// self-heal latency of one converged hippo; the time many clusters take to converge; the operator's requests in
/// steady state; and the operator's managed heap.
/// </summary>
public sealed class OperatorBenchmark(OperatorParameters parameters, TextWriter progress)
{
    private const string SelfHealNamespace = "zoo";
    private const string SelfHealCluster = "hippo";
    private const string SelfHealService = "hippo-primary";

    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(30);

    public async Task<OperatorResults> RunAsync(CancellationToken cancellationToken)
    {
        var selfHeal = await MeasureSelfHealAsync(cancellationToken);
        var scale = await MeasureScaleAsync(cancellationToken);
        return new OperatorResults(selfHeal, scale);
    }

    /// <summary>Deletes the Service <c>hippo-primary</c> of a converged hippo and times its return, one trial at a time.</summary>
    private async Task<SelfHealResults> MeasureSelfHealAsync(CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"self-heal: one hippo, {parameters.SelfHealWarmUp} warm-up and {parameters.SelfHealTrials} measured deletions of {SelfHealService}");
        await using var harness = await OperatorHarness.StartAsync(cancellationToken);
        await harness.CreateNamespaceAsync(SelfHealNamespace, cancellationToken);
        await using var ivyo = await harness.StartOperatorAsync(parameters.Workers, cancellationToken);
        await harness.CreateClusterAsync(OperatorHarness.Hippo(), SelfHealNamespace, SelfHealCluster, cancellationToken);
        await WaitUntilAsync(async () =>
        {
            var cluster = await harness.AdminResources.GetAsync(OperatorHarness.Clusters, SelfHealNamespace, SelfHealCluster, cancellationToken);
            return cluster is not null && Converged(cluster);
        }, "the hippo cluster reports observedGeneration 1", TimeSpan.FromSeconds(60), cancellationToken);
        if (!await ivyo.WaitQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new InvalidOperationException("The operator did not stop writing after the hippo cluster converged.");
        }

        var admin = harness.Admin;
        var arrivals = Channel.CreateUnbounded<long>();
        var list = await admin.CoreV1.ListNamespacedServiceAsync(SelfHealNamespace, cancellationToken: cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = Task.Run(async () =>
        {
            await foreach (var (type, service) in admin.CoreV1.WatchListNamespacedServiceAsync(
                SelfHealNamespace, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
            {
                var arrived = Stopwatch.GetTimestamp();
                if (type == WatchEventType.Added && service.Metadata.Name == SelfHealService)
                {
                    arrivals.Writer.TryWrite(arrived);
                }
            }
        }, stop.Token);

        var fromResponse = new List<long>(parameters.SelfHealTrials);
        var fromRequest = new List<long>(parameters.SelfHealTrials);
        var requestsPerHeal = new List<int>(parameters.SelfHealTrials);
        var early = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < parameters.SelfHealWarmUp + parameters.SelfHealTrials; i++)
            {
                if (i == parameters.SelfHealWarmUp)
                {
                    started = Stopwatch.GetTimestamp();
                }

                var mark = ivyo.Requests.Count;
                var sent = Stopwatch.GetTimestamp();
                await admin.CoreV1.DeleteNamespacedServiceAsync(SelfHealService, SelfHealNamespace, cancellationToken: cancellationToken);
                var acknowledged = Stopwatch.GetTimestamp();
                var arrival = arrivals.Reader.ReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(arrival, watcher).WaitAsync(s_eventTimeout, cancellationToken) != arrival)
                {
                    await watcher;
                    throw new InvalidOperationException($"The watch on {SelfHealNamespace} ended before {SelfHealService} came back.");
                }

                var arrived = await arrival;
                if (i >= parameters.SelfHealWarmUp)
                {
                    fromRequest.Add(arrived - sent);
                    var latency = arrived - acknowledged;
                    if (latency < 0)
                    {
                        early++;
                        latency = 0;
                    }

                    fromResponse.Add(latency);
                }

                // The next trial starts once the operator has finished with this one (its event and any re-reconcile).
                await ivyo.WaitQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken);
                if (i >= parameters.SelfHealWarmUp)
                {
                    requestsPerHeal.Add(ivyo.Requests.Since(mark).Count(r => !r.IsLease));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await watcher;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The watch ends with whatever cancelling its HTTP response throws.
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new SelfHealResults(
            LatencySummary.FromTimestamps(fromResponse, elapsed),
            LatencySummary.FromTimestamps(fromRequest, elapsed),
            early,
            Median(requestsPerHeal),
            requestsPerHeal.Max());
    }

    /// <summary>
    /// Many clusters at once: the time to converge, then a steady-state window of counted requests, then the heap with
    /// the operator and after it stopped.
    /// </summary>
    private async Task<ScaleResults> MeasureScaleAsync(CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"scale: {parameters.Clusters} hippo clusters in {parameters.Namespaces} namespaces");
        await using var harness = await OperatorHarness.StartAsync(cancellationToken);
        var namespaces = Enumerable.Range(0, parameters.Namespaces).Select(i => "bench-" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        foreach (var ns in namespaces)
        {
            await harness.CreateNamespaceAsync(ns, cancellationToken);
        }

        var heapBaseline = FullCollectionHeap();
        var running = await RunOperatorAtScaleAsync(harness, namespaces, cancellationToken);

        // Nothing references the operator any more: let the API server end its watches, then measure without it.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var heapStopped = FullCollectionHeap();
        using var process = Process.GetCurrentProcess();
        var memory = new MemoryResults(heapBaseline, running.HeapIdle, running.HeapRunning, heapStopped, running.WorkingSetRunning, process.PeakWorkingSet64);
        return new ScaleResults(running.Convergence, running.SteadyState, memory, running.MetricsAfterConvergence);
    }

    /// <summary>
    /// Starts the operator, converges the clusters, counts the steady state and measures the heap with the operator
    /// running; the operator is stopped and unreachable when this returns.
    /// </summary>
    private async Task<OperatorAtScale> RunOperatorAtScaleAsync(OperatorHarness harness, List<string> namespaces, CancellationToken cancellationToken)
    {
        await using var ivyo = await harness.StartOperatorAsync(parameters.Workers, cancellationToken);
        await WaitUntilAsync(() => Task.FromResult(ivyo.IsReadyAndLeading), "the operator has synced and leads", TimeSpan.FromSeconds(60), cancellationToken);
        var heapIdle = FullCollectionHeap();
        var convergence = await ConvergeAsync(harness, ivyo, namespaces, cancellationToken);
        var afterConvergence = Counters.Parse(await ivyo.ScrapeMetricsAsync(cancellationToken));
        foreach (var (sample, value) in afterConvergence.Samples.Where(pair => pair.Key.Contains("reconcile", StringComparison.Ordinal) && !pair.Key.Contains("_bucket", StringComparison.Ordinal)))
        {
            await progress.WriteLineAsync($"scale: /metrics after convergence: {sample} {value.ToString(CultureInfo.InvariantCulture)}");
        }

        await progress.WriteLineAsync("scale: waiting for 5 s without a request (leader election aside)");
        var quietWait = Stopwatch.StartNew();
        var quiet = await ivyo.WaitQuietAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(180), cancellationToken);
        quietWait.Stop();

        await progress.WriteLineAsync($"scale: counting requests for {parameters.SteadyState.TotalSeconds:0} s of steady state");
        // Reconciles are counted from here, not from convergence: those of the quiet wait (events of the last writes,
        // which send nothing) are not the steady state's.
        var beforeWindow = Counters.Parse(await ivyo.ScrapeMetricsAsync(cancellationToken));
        var mark = ivyo.Requests.Count;
        var window = Stopwatch.StartNew();
        await Task.Delay(parameters.SteadyState, cancellationToken);
        var steady = RequestCounts.Of(ivyo.Requests.Since(mark));
        window.Stop();
        var afterSteadyState = Counters.Parse(await ivyo.ScrapeMetricsAsync(cancellationToken));

        // The benchmark's log of every request is not the operator's memory.
        ivyo.Requests.Clear();
        var heapRunning = FullCollectionHeap();
        return new OperatorAtScale(
            convergence,
            new SteadyStateResults(window.Elapsed, quiet, quietWait.Elapsed, steady,
                afterSteadyState.Sum(Counters.Reconciles) - beforeWindow.Sum(Counters.Reconciles)),
            afterConvergence,
            heapIdle,
            heapRunning,
            Environment.WorkingSet);
    }

    /// <summary>Creates the clusters and waits until each reports observedGeneration 1 and has its instance StatefulSets.</summary>
    private async Task<ConvergenceResults> ConvergeAsync(OperatorHarness harness, BenchOperator ivyo, List<string> namespaces, CancellationToken cancellationToken)
    {
        var hippo = OperatorHarness.Hippo();
        var instancesPerCluster = (hippo["spec"]!["instances"] as JsonArray ?? []).Sum(set => (int)((long?)set?["replicas"] ?? 1));
        var tracker = new ConvergenceTracker(parameters.Clusters, instancesPerCluster);

        // The benchmark's own informers (admin, not counted): the clusters' status and the instance StatefulSets.
        var clusters = new ResourceInformer(harness.Admin, OperatorHarness.Clusters);
        clusters.AddEventHandler(new ResourceEventHandler { Added = tracker.ClusterSeen, Updated = (_, cluster) => tracker.ClusterSeen(cluster) });
        var statefulSets = new ResourceInformer(harness.Admin, new ResourceType("apps", "v1", "statefulsets", true),
            new InformerOptions { LabelSelector = Labels.Instance });
        statefulSets.AddEventHandler(new ResourceEventHandler
        {
            Added = tracker.StatefulSetSeen,
            Updated = (_, set) => tracker.StatefulSetSeen(set),
            Deleted = tracker.StatefulSetDeleted,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var observing = Task.WhenAll(clusters.RunAsync(stop.Token), statefulSets.RunAsync(stop.Token));
        try
        {
            await clusters.WaitForSyncAsync(cancellationToken);
            await statefulSets.WaitForSyncAsync(cancellationToken);

            var mark = ivyo.Requests.Count;
            var started = Stopwatch.GetTimestamp();
            var creates = await LoadRunner.RunAsync(0, parameters.Clusters, parameters.CreateConcurrency, (_, index, token) =>
                harness.CreateClusterAsync(hippo, namespaces[index % namespaces.Count], "hippo-" + index.ToString("D3", CultureInfo.InvariantCulture), token),
                cancellationToken);
            var created = Stopwatch.GetElapsedTime(started);
            await progress.WriteLineAsync($"scale: {parameters.Clusters} clusters created in {created.TotalSeconds:F1} s; waiting for convergence");

            var reporting = Task.Run(async () =>
            {
                while (!tracker.All.IsCompleted && !stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await progress.WriteLineAsync(
                        $"scale: {tracker.ConvergedCount} of {parameters.Clusters} converged after {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
                }
            }, CancellationToken.None);

            var finished = await Task.WhenAny(tracker.All, Task.Delay(parameters.ConvergenceTimeout, cancellationToken));
            var convergedAt = finished == tracker.All ? await tracker.All : (long?)null;
            var elapsed = convergedAt is { } at ? Stopwatch.GetElapsedTime(started, at) : Stopwatch.GetElapsedTime(started);
            await stop.CancelAsync();
            await reporting;
            var requests = RequestCounts.Of(ivyo.Requests.Since(mark));
            return new ConvergenceResults(
                parameters.Clusters,
                tracker.ConvergedCount,
                convergedAt is not null,
                creates,
                created,
                elapsed,
                tracker.ConvergenceTimes(started),
                requests);
        }
        finally
        {
            await stop.CancelAsync();
            await observing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static bool Converged(JsonObject cluster) =>
        (long?)cluster["status"]?["observedGeneration"] is { } observed && observed >= 1 && observed == (long?)cluster["metadata"]?["generation"];

    /// <summary>The managed heap after full, blocking, compacting collections (finalizers run in between).</summary>
    private static long FullCollectionHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int Median(List<int> values) => values.Order().ElementAt((values.Count - 1) / 2);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waiting.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// Which clusters have converged, from the benchmark's informers: status.observedGeneration equals the generation
    /// (1) and every instance StatefulSet exists. Handlers of the two informers run concurrently, hence the lock.
    /// </summary>
    private sealed class ConvergenceTracker(int clusters, int instancesPerCluster)
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _observed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _instances = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _convergedAt = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource<long> _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the last cluster converged.</summary>
        public Task<long> All => _all.Task;

        public int ConvergedCount
        {
            get
            {
                lock (_lock)
                {
                    return _convergedAt.Count;
                }
            }
        }

        public void ClusterSeen(JsonObject cluster)
        {
            var key = ObjectKeys.Of(Metadata.Namespace(cluster), Metadata.Name(cluster));
            lock (_lock)
            {
                if (Converged(cluster))
                {
                    _observed.Add(key);
                    Check(key);
                }
            }
        }

        public void StatefulSetSeen(JsonObject set)
        {
            if (Metadata.Label(set, Labels.Cluster) is not { } cluster)
            {
                return;
            }

            var key = ObjectKeys.Of(Metadata.Namespace(set), cluster);
            lock (_lock)
            {
                if (!_instances.TryGetValue(key, out var names))
                {
                    _instances[key] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.Add(Metadata.Name(set));
                Check(key);
            }
        }

        public void StatefulSetDeleted(JsonObject set)
        {
            if (Metadata.Label(set, Labels.Cluster) is { } cluster)
            {
                lock (_lock)
                {
                    _instances.GetValueOrDefault(ObjectKeys.Of(Metadata.Namespace(set), cluster))?.Remove(Metadata.Name(set));
                }
            }
        }

        /// <summary>When each cluster converged, from <paramref name="started"/>.</summary>
        public List<TimeSpan> ConvergenceTimes(long started)
        {
            lock (_lock)
            {
                return [.. _convergedAt.Values.Select(at => Stopwatch.GetElapsedTime(started, at)).Order()];
            }
        }

        private void Check(string key)
        {
            if (!_convergedAt.ContainsKey(key) && _observed.Contains(key)
                && _instances.TryGetValue(key, out var names) && names.Count >= instancesPerCluster)
            {
                _convergedAt[key] = Stopwatch.GetTimestamp();
                if (_convergedAt.Count == clusters)
                {
                    _all.TrySetResult(_convergedAt[key]);
                }
            }
        }
    }
}

/// <summary>What one <c>operator</c> run does.</summary>
public sealed record OperatorParameters(
    int SelfHealTrials,
    int SelfHealWarmUp,
    int Clusters,
    int Namespaces,
    int CreateConcurrency,
    int Workers,
    TimeSpan SteadyState,
    TimeSpan ConvergenceTimeout);

public sealed record OperatorResults(SelfHealResults SelfHeal, ScaleResults Scale);

/// <summary>What was measured while the operator ran at scale.</summary>
internal sealed record OperatorAtScale(
    ConvergenceResults Convergence, SteadyStateResults SteadyState, Counters MetricsAfterConvergence, long HeapIdle, long HeapRunning, long WorkingSetRunning);

/// <summary>
/// Self-heal latency from the delete's response (and from its request) to the watcher's ADDED event; how many events
/// beat the response; the operator's requests per self-heal (median and most).
/// </summary>
public sealed record SelfHealResults(LatencySummary FromResponse, LatencySummary FromRequest, int EarlyEvents, int RequestsPerHealMedian, int RequestsPerHealMax);

public sealed record ScaleResults(ConvergenceResults Convergence, SteadyStateResults SteadyState, MemoryResults Memory, Counters MetricsAfterConvergence);

/// <summary>
/// How the clusters converged: how many did, whether all did in time, the creates' latency, how long creating them
/// took, the time until the last one converged (or until the timeout), when each converged, and the operator's
/// requests from the first create to the end.
/// </summary>
public sealed record ConvergenceResults(
    int Clusters,
    int Converged,
    bool Complete,
    LatencySummary Creates,
    TimeSpan CreatedAfter,
    TimeSpan Elapsed,
    IReadOnlyList<TimeSpan> ConvergenceTimes,
    RequestCounts Requests)
{
    /// <summary>Converged clusters per second of wall-clock time from the first create.</summary>
    public double ClustersPerSecond => Converged / Elapsed.TotalSeconds;
}

/// <summary>The counted window, whether the operator had gone quiet first (and how long that took), what it sent, and reconciles in the window.</summary>
public sealed record SteadyStateResults(TimeSpan Window, bool WasQuiet, TimeSpan QuietWait, RequestCounts Requests, double Reconciles);

/// <summary>
/// Managed heap (after full collections): before the operator started, once it had synced with no cluster, with it
/// running in steady state, and after it stopped; the process's working set in steady state and at its peak.
/// </summary>
public sealed record MemoryResults(long HeapBaseline, long HeapIdle, long HeapRunning, long HeapStopped, long WorkingSetRunning, long PeakWorkingSet)
{
    /// <summary>What the operator holds: the heap with it minus the heap after it stopped.</summary>
    public long OperatorHeap => HeapRunning - HeapStopped;

    /// <summary>What the operator holds with no cluster: the heap once it synced minus the heap before it started.</summary>
    public long OperatorIdleHeap => HeapIdle - HeapBaseline;

    /// <summary>What the API server's store and caches gained from the clusters' objects.</summary>
    public long ServerGrowth => HeapStopped - HeapBaseline;
}

/// <summary>Requests by kind: every one, leader election's Lease reads and writes, watches opened, other reads, other writes.</summary>
public sealed record RequestCounts(int Total, int LeaseReads, int LeaseWrites, int Watches, int Reads, int Writes, IReadOnlyList<string> WriteSamples)
{
    public static RequestCounts Of(IReadOnlyList<CountedRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var writes = requests.Where(r => r.IsWrite && !r.IsLease).ToList();
        return new RequestCounts(
            requests.Count,
            requests.Count(r => r.IsLease && !r.IsWrite),
            requests.Count(r => r.IsLease && r.IsWrite),
            requests.Count(r => !r.IsLease && r.IsWatch),
            requests.Count(r => !r.IsLease && !r.IsWrite && !r.IsWatch),
            writes.Count,
            [.. writes.Take(10).Select(r => r.ToString())]);
    }
}

/// <summary>Samples of a Prometheus text exposition, by metric name (labels kept in the key).</summary>
public sealed class Counters(Dictionary<string, double> samples)
{
    /// <summary>prometheus-net's name for the runtime's <c>controller.reconciles</c> counter (every result).</summary>
    public const string Reconciles = "ivyo_controllerruntime_controller_reconciles";

    /// <summary>The sum of the <c>controller.reconcile_duration</c> histogram, in seconds.</summary>
    public const string ReconcileSeconds = "ivyo_controllerruntime_controller_reconcile_duration_sum";

    /// <summary>Reconciles that threw.</summary>
    public const string ReconcileErrors = "ivyo_controllerruntime_controller_reconcile_errors";

    public IReadOnlyDictionary<string, double> Samples => samples;

    /// <summary>The sum of every sample of <paramref name="name"/>, whatever its labels; those with <paramref name="label"/> only when given.</summary>
    public double Sum(string name, string? label = null) => samples
        .Where(pair => (pair.Key == name || pair.Key.StartsWith(name + "{", StringComparison.Ordinal))
            && (label is null || pair.Key.Contains(label, StringComparison.Ordinal)))
        .Sum(pair => pair.Value);

    public static Counters Parse(string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[..space]] = value;
            }
        }

        return new Counters(samples);
    }
}
