using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>The <c>## API server</c> section of docs/benchmarks.md.</summary>
public static class ApiServerReport
{
    public const string Heading = "## API server";

    public static string Section(ApiServerResults results, ApiServerParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(machine);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        Line(Heading);
        Line();
        Line("ConfigMap requests through the real HTTPS API with the C# KubernetesClient, watch delivery, and the floor under");
        Line("them (the same operations on `IObjectStore` directly and on etcd's own client, dotnet-etcd), over the in-memory");
        Line("store and a private etcd.");
        Line();
        Line($"- **Date:** `{machine.Date}`");
        Line($"- **Machine:** {machine.Cpu}, {N(machine.Cores)} cores, {machine.Memory} memory, Linux {machine.Kernel}, {machine.Runtime}. "
            + "The machine is shared with other developers: their builds and tests may have run at the same time, so treat "
            + "the numbers as indicative. The client and the API server run in one process and share the cores.");
        Line($"- **Command:** `{command}`" + (source is null ? "" : $", built from {source}."));
        Line($"- **Parameters:** {N(parameters.Operations)} measured operations per row after {N(parameters.WarmUp)} warm-up "
            + $"operations, {N(parameters.Concurrency)} in flight at once (a closed loop: each worker starts its next operation when "
            + $"its last one ends); list reads {N(parameters.ListSize)} ConfigMaps; one ConfigMap is {N(results.ObjectBytes)} bytes "
            + $"as stored (JSON); watch: {N(parameters.WatchWrites)} creates one at a time after {N(parameters.WatchWarmUp)} warm-up creates.");
        if (results.EtcdVersion is not null)
        {
            Line($"- **etcd:** {results.EtcdVersion}, one member started by `EtcdProcess` (its defaults: fsync before every "
                + $"acknowledged write), data in a temporary directory on {results.EtcdFileSystem}.");
        }

        Line();
        Line("| Operation | Store | Through | Ops/s | p50 ms | p99 ms | max ms |");
        Line("|---|---|---|--:|--:|--:|--:|");
        foreach (var row in Ordered(results.Rows))
        {
            var latency = row.Latency;
            var throughput = row.HasThroughput ? latency.Throughput.ToString("N0", CultureInfo.InvariantCulture) : "—";
            Line($"| {row.Operation} | {row.Store} | {row.Path} | {throughput} | {ReportFormat.Ms(latency.P50)} | {ReportFormat.Ms(latency.P99)} | {ReportFormat.Ms(latency.Max)} |");
        }

        Line();
        Line("How to read it:");
        Line();
        Line("- Latency is per operation, from the call to its result, as the caller sees it: for the API server that includes TLS");
        Line("  (kept-alive connections), routing, admission and JSON on both sides, including KubernetesClient's deserialization.");
        Line("  Ops/s is measured operations divided by the wall-clock time they took together.");
        Line("- **create** makes ConfigMaps with new names. **patch** is a merge patch (`{\"data\":{\"counter\":\"N\"}}`), each");
        Line("  worker on its own ConfigMap so patches never conflict. On `IObjectStore`, patch is `GetAsync` then `UpdateAsync`");
        Line("  with the revision read (the compare-and-swap the API server does); on the etcd client, patch is `GetAsync` then");
        Line("  `PutAsync`, create is a plain `PutAsync` (the store's create is a transaction requiring the key to be absent) and");
        Line("  list is `GetRangeAsync` of a prefix.");
        Line("- **watch**: a KubernetesClient watcher on a namespace (`WatchListNamespacedConfigMapAsync`, same process) and creates");
        Line("  in it, one at a time, each waiting for its Added event. **from response** is the time from the create's response");
        Line("  reaching the client to the event reaching the watcher; **from request** is the time from sending the create.");
        foreach (var (store, early) in results.WatchEarlyEvents.OrderBy(pair => StoreOrder(pair.Key)))
        {
            if (early > 0)
            {
                Line($"  With {store}, {N(early)} of {N(parameters.WatchWrites)} events arrived before the create's response (a race between two");
                Line("  connections); they count as 0 ms from response.");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<BenchmarkRow> Ordered(IEnumerable<BenchmarkRow> rows)
    {
        string[] operations = [ApiServerBenchmark.Get, ApiServerBenchmark.List, ApiServerBenchmark.CreateOperation, ApiServerBenchmark.Patch, ApiServerBenchmark.Watch, ApiServerBenchmark.WatchFromRequest];
        string[] paths = [ApiServerBenchmark.ThroughApi, ApiServerBenchmark.ThroughStore, ApiServerBenchmark.ThroughEtcdClient];
        return rows
            .OrderBy(row => Array.IndexOf(operations, row.Operation))
            .ThenBy(row => StoreOrder(row.Store))
            .ThenBy(row => Array.IndexOf(paths, row.Path));
    }

    private static int StoreOrder(string store) => store == ApiServerBenchmark.Memory ? 0 : 1;
}
