using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using dotnet_etcd;
using Grpc.Net.Client;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;
using k8s;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// The measurements behind <c>apiserver</c>, per store: ConfigMap get, list, create and merge patch through the HTTPS
/// API with KubernetesClient; watch delivery latency; the same operations on <see cref="IObjectStore"/>; and, for etcd,
/// on etcd's own client.
/// </summary>
public sealed class ApiServerBenchmark(ApiServerParameters parameters, TextWriter progress)
{
    public const string Memory = "memory";
    public const string Etcd = "etcd";
    public const string ThroughApi = "API server";
    public const string ThroughStore = "IObjectStore";
    public const string ThroughEtcdClient = "etcd client";
    public const string Get = "get";
    public const string List = "list";
    public const string CreateOperation = "create";
    public const string Patch = "patch";
    public const string Watch = "watch, from response";
    public const string WatchFromRequest = "watch, from request";

    private const string GetNamespace = "bench-get";
    private const string ListNamespace = "bench-list";
    private const string CreateNamespace = "bench-create";
    private const string WatchNamespace = "bench-watch";
    private const string Target = "target";

    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(30);

    public async Task<ApiServerResults> RunAsync(bool memory, bool etcd, CancellationToken cancellationToken)
    {
        var results = new ApiServerResults();
        if (memory)
        {
            var store = new MemoryObjectStore();
            await using (store)
            {
                await MeasureStoreAsync(Memory, store, results, cancellationToken);
            }
        }

        if (etcd)
        {
            await MeasureEtcdAsync(results, cancellationToken);
        }

        return results;
    }

    /// <summary>A private etcd in a temporary directory, which is deleted however the run ends.</summary>
    private async Task MeasureEtcdAsync(ApiServerResults results, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("ivyo-bench-etcd-");
        try
        {
            var dataDirectory = Path.Combine(directory.FullName, "data");
            results.EtcdVersion = await EtcdVersionAsync(cancellationToken);
            results.EtcdFileSystem = MachineInfo.FileSystemOf(dataDirectory);
            var etcd = await EtcdProcess.StartAsync(dataDirectory, cancellationToken: cancellationToken);
            try
            {
                var store = await EtcdObjectStore.ConnectAsync(etcd.ClientUrl, cancellationToken);
                JsonObject template;
                await using (store)
                {
                    template = await MeasureStoreAsync(Etcd, store, results, cancellationToken);
                }

                await MeasureEtcdClientAsync(etcd.ClientUrl, template, results, cancellationToken);
            }
            finally
            {
                await etcd.DisposeAsync();
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Measures one store; returns the ConfigMap as the API server stored it.</summary>
    private async Task<JsonObject> MeasureStoreAsync(string storeName, IObjectStore store, ApiServerResults results, CancellationToken cancellationToken)
    {
        JsonObject template;
        var server = await ApiServer.StartAsync(new ApiServerOptions { Store = store }, cancellationToken);
        await using (server)
        {
            using var client = await ClientAsync(server, cancellationToken);
            await MeasureRequestsAsync(storeName, client, results, cancellationToken);
            await MeasureWatchAsync(storeName, client, results, cancellationToken);

            // The floor stores what the API server stored for the same ConfigMap.
            var stored = await store.GetAsync(ConfigMapKey(GetNamespace, Target), cancellationToken)
                ?? throw new InvalidOperationException("The API server did not store the ConfigMap it created.");
            template = stored.Value;
            var bytes = template.DeepClone().AsObject();
            bytes["metadata"]!.AsObject().Remove("resourceVersion");
            results.ObjectBytes = Encoding.UTF8.GetByteCount(bytes.ToJsonString());
        }

        await MeasureObjectStoreAsync(storeName, store, template, results, cancellationToken);
        return template;
    }

    private async Task MeasureRequestsAsync(string storeName, Kubernetes client, ApiServerResults results, CancellationToken cancellationToken)
    {
        foreach (var ns in (string[])[GetNamespace, ListNamespace, CreateNamespace, WatchNamespace])
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        }

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(Target), GetNamespace, cancellationToken: cancellationToken);
        for (var i = 0; i < parameters.Concurrency; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(PatchName(i)), GetNamespace, cancellationToken: cancellationToken);
        }

        for (var i = 0; i < parameters.ListSize; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ListName(i)), ListNamespace, cancellationToken: cancellationToken);
        }

        await MeasureAsync(storeName, ThroughApi, Get, results, async (_, _, token) =>
        {
            var read = await client.CoreV1.ReadNamespacedConfigMapAsync(Target, GetNamespace, cancellationToken: token);
            Expect(read.Metadata.Name == Target, "get returned another ConfigMap");
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughApi, List, results, async (_, _, token) =>
        {
            var list = await client.CoreV1.ListNamespacedConfigMapAsync(ListNamespace, cancellationToken: token);
            Expect(list.Items.Count == parameters.ListSize, "list returned the wrong number of ConfigMaps");
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughApi, CreateOperation, results, async (_, index, token) =>
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(CreateName(index)), CreateNamespace, cancellationToken: token);
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughApi, Patch, results, async (worker, index, token) =>
        {
            var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch(PatchBody(index), V1Patch.PatchType.MergePatch), PatchName(worker), GetNamespace, cancellationToken: token);
            Expect(patched.Data["counter"] == Counter(index), "patch did not apply");
        }, cancellationToken);
    }

    /// <summary>
    /// One watcher on a namespace; writes one at a time; for each, the time from the create's response to the
    /// arrival of its Added event. Events that arrive before the response count as 0.
    /// </summary>
    private async Task MeasureWatchAsync(string storeName, Kubernetes client, ApiServerResults results, CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"{storeName}: {ThroughApi} {Watch}");
        var arrivals = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        TaskCompletionSource<long> ArrivalOf(string name) =>
            arrivals.GetOrAdd(name, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(WatchNamespace, cancellationToken: cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(
                WatchNamespace, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
            {
                var arrived = Stopwatch.GetTimestamp();
                if (type == WatchEventType.Added)
                {
                    ArrivalOf(item.Metadata.Name).TrySetResult(arrived);
                }
            }
        }, stop.Token);

        var latencies = new List<long>(parameters.WatchWrites);
        var fromRequest = new List<long>(parameters.WatchWrites);
        var early = 0;
        long started = 0;
        try
        {
            // The warm-up writes also wait out the watch's connection: their events are replayed from the list's revision.
            for (var i = 0; i < parameters.WatchWarmUp + parameters.WatchWrites; i++)
            {
                if (i == parameters.WatchWarmUp)
                {
                    started = Stopwatch.GetTimestamp();
                }

                var name = WatchName(i);
                var arrival = ArrivalOf(name).Task;
                var sent = Stopwatch.GetTimestamp();
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), WatchNamespace, cancellationToken: cancellationToken);
                var acknowledged = Stopwatch.GetTimestamp();
                var first = await Task.WhenAny(arrival, watcher).WaitAsync(s_eventTimeout, cancellationToken);
                if (first != arrival)
                {
                    await watcher;
                    throw new InvalidOperationException($"The watch on {WatchNamespace} ended before the event of {name}.");
                }

                if (i >= parameters.WatchWarmUp)
                {
                    var arrived = await arrival;
                    fromRequest.Add(arrived - sent);
                    var latency = arrived - acknowledged;
                    if (latency < 0)
                    {
                        early++;
                        latency = 0;
                    }

                    latencies.Add(latency);
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
        results.Rows.Add(new BenchmarkRow(Watch, storeName, ThroughApi, LatencySummary.FromTimestamps(latencies, elapsed), HasThroughput: false));
        results.Rows.Add(new BenchmarkRow(WatchFromRequest, storeName, ThroughApi, LatencySummary.FromTimestamps(fromRequest, elapsed), HasThroughput: false));
        results.WatchEarlyEvents[storeName] = early;
    }

    /// <summary>The floor: the same reads and writes on the store the API server uses, without HTTP, JSON over the wire or the API machinery.</summary>
    private async Task MeasureObjectStoreAsync(
        string storeName, IObjectStore store, JsonObject template, ApiServerResults results, CancellationToken cancellationToken)
    {
        const string Prefix = "/registry/core/configmaps/";
        await store.CreateAsync(Prefix + "floor-get/" + Target, Named(template, Target), cancellationToken);
        for (var i = 0; i < parameters.Concurrency; i++)
        {
            await store.CreateAsync(Prefix + "floor-get/" + PatchName(i), Named(template, PatchName(i)), cancellationToken);
        }

        for (var i = 0; i < parameters.ListSize; i++)
        {
            await store.CreateAsync(Prefix + "floor-list/" + ListName(i), Named(template, ListName(i)), cancellationToken);
        }

        await MeasureAsync(storeName, ThroughStore, Get, results, async (_, _, token) =>
        {
            var stored = await store.GetAsync(Prefix + "floor-get/" + Target, token);
            Expect(stored is not null, "get found nothing");
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughStore, List, results, async (_, _, token) =>
        {
            var list = await store.ListAsync(Prefix + "floor-list/", token);
            Expect(list.Items.Count == parameters.ListSize, "list returned the wrong number of objects");
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughStore, CreateOperation, results, async (_, index, token) =>
        {
            await store.CreateAsync(Prefix + "floor-create/" + CreateName(index), Named(template, CreateName(index)), token);
        }, cancellationToken);

        await MeasureAsync(storeName, ThroughStore, Patch, results, async (worker, index, token) =>
        {
            var key = Prefix + "floor-get/" + PatchName(worker);
            var current = await store.GetAsync(key, token) ?? throw new InvalidOperationException($"{key} is gone.");
            var value = current.Value;
            value["data"]!["counter"] = Counter(index);
            await store.UpdateAsync(key, current.ModRevision, value, token);
        }, cancellationToken);
    }

    /// <summary>The floor under the etcd store: etcd's own client, plain puts and reads of the same bytes.</summary>
    private async Task MeasureEtcdClientAsync(Uri clientUrl, JsonObject template, ApiServerResults results, CancellationToken cancellationToken)
    {
        const string Prefix = "/bench/etcd-client/";
        var stored = template.DeepClone().AsObject();
        stored["metadata"]!.AsObject().Remove("resourceVersion");
        var value = stored.ToJsonString();
        using var channel = GrpcChannel.ForAddress(clientUrl);
        using var etcd = new EtcdClient(channel.CreateCallInvoker());
        await etcd.PutAsync(Prefix + "get/" + Target, value, cancellationToken: cancellationToken);
        for (var i = 0; i < parameters.Concurrency; i++)
        {
            await etcd.PutAsync(Prefix + "get/" + PatchName(i), value, cancellationToken: cancellationToken);
        }

        for (var i = 0; i < parameters.ListSize; i++)
        {
            await etcd.PutAsync(Prefix + "list/" + ListName(i), value, cancellationToken: cancellationToken);
        }

        await MeasureAsync(Etcd, ThroughEtcdClient, Get, results, async (_, _, token) =>
        {
            var response = await etcd.GetAsync(Prefix + "get/" + Target, cancellationToken: token);
            Expect(response.Kvs.Count == 1, "get found nothing");
        }, cancellationToken);

        await MeasureAsync(Etcd, ThroughEtcdClient, List, results, async (_, _, token) =>
        {
            var response = await etcd.GetRangeAsync(Prefix + "list/", cancellationToken: token);
            Expect(response.Kvs.Count == parameters.ListSize, "range returned the wrong number of keys");
        }, cancellationToken);

        await MeasureAsync(Etcd, ThroughEtcdClient, CreateOperation, results, async (_, index, token) =>
        {
            await etcd.PutAsync(Prefix + "create/" + CreateName(index), value, cancellationToken: token);
        }, cancellationToken);

        await MeasureAsync(Etcd, ThroughEtcdClient, Patch, results, async (worker, index, token) =>
        {
            var key = Prefix + "get/" + PatchName(worker);
            var current = await etcd.GetAsync(key, cancellationToken: token);
            var modified = JsonNode.Parse(current.Kvs[0].Value.Span)!.AsObject();
            modified["data"]!["counter"] = Counter(index);
            await etcd.PutAsync(key, modified.ToJsonString(), cancellationToken: token);
        }, cancellationToken);
    }

    private async Task MeasureAsync(
        string storeName, string path, string operation, ApiServerResults results, LoadRunner.Operation run, CancellationToken cancellationToken)
    {
        await progress.WriteAsync($"{storeName}: {path} {operation}: ");
        await progress.FlushAsync(cancellationToken);
        var summary = await LoadRunner.RunAsync(parameters.WarmUp, parameters.Operations, parameters.Concurrency, run, cancellationToken);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{summary.Throughput:F0} ops/s, {summary.Elapsed.TotalSeconds:F1} s"));
        results.Rows.Add(new BenchmarkRow(operation, storeName, path, summary));
    }

    private static async Task<Kubernetes> ClientAsync(ApiServer server, CancellationToken cancellationToken)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(server.AdminKubeconfig));
        var configuration = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig);
        cancellationToken.ThrowIfCancellationRequested();
        return new Kubernetes(configuration);
    }

    private static async Task<string> EtcdVersionAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(EtcdProcess.DefaultExecutable, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("etcd --version did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("etcd Version:", StringComparison.Ordinal));
        return line is null ? "unknown" : line["etcd Version:".Length..].Trim();
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private static string ConfigMapKey(string ns, string name) => $"/registry/core/configmaps/{ns}/{name}";

    private static string PatchName(int worker) => "patch-" + worker.ToString(CultureInfo.InvariantCulture);

    private static string ListName(int index) => "item-" + index.ToString("D4", CultureInfo.InvariantCulture);

    private static string CreateName(int index) => "created-" + index.ToString(CultureInfo.InvariantCulture);

    private static string WatchName(int index) => "watched-" + index.ToString(CultureInfo.InvariantCulture);

    private static string Counter(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static string PatchBody(int index) => $$$"""{"data":{"counter":"{{{Counter(index)}}}"}}""";

    /// <summary>The ConfigMap every row reads and writes: two data keys, about 300 bytes of data.</summary>
    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ivyo-bench" } },
        Data = new Dictionary<string, string>
        {
            ["counter"] = "0",
            ["payload"] = new string('x', 256),
        },
    };

    private static JsonObject Named(JsonObject template, string name)
    {
        var copy = template.DeepClone().AsObject();
        copy["metadata"]!["name"] = name;
        return copy;
    }
}

/// <summary>One row of the table.</summary>
public sealed record BenchmarkRow(string Operation, string Store, string Path, LatencySummary Latency, bool HasThroughput = true);

/// <summary>Everything one <c>apiserver</c> run measured.</summary>
public sealed class ApiServerResults
{
    public List<BenchmarkRow> Rows { get; } = [];

    /// <summary>Per store, how many watch events arrived before the client had the write's response.</summary>
    public Dictionary<string, int> WatchEarlyEvents { get; } = new(StringComparer.Ordinal);

    /// <summary>The size of one ConfigMap as the API server stores it (JSON, without resourceVersion).</summary>
    public int ObjectBytes { get; set; }

    public string? EtcdVersion { get; set; }

    public string? EtcdFileSystem { get; set; }
}
