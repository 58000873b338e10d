using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ivyo.Bench;

/// <summary>
/// <c>apiserver</c>: the API server's request throughput and latency, watch delivery latency, and the floor under them
/// (the object store and etcd's own client), over the in-memory store and a private etcd.
/// </summary>
public static class ApiServerCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var operations = BenchCommandLine.Count("--operations", "Measured operations per row (get, list, create, patch).", 2_000);
        var warmUp = BenchCommandLine.NotNegativeCount("--warm-up", "Unmeasured operations run before each row's measured ones.", 200);
        var concurrency = BenchCommandLine.Count("--concurrency", "Operations in flight at once (one worker each).", 4);
        var listSize = BenchCommandLine.Count("--list-size", "ConfigMaps in the namespace that list reads.", 100);
        var watchWrites = BenchCommandLine.Count("--watch-writes", "Measured writes, one at a time, whose watch events are timed.", 500);
        var store = new Option<string>("--store")
        {
            Description = "Which stores to measure.",
            DefaultValueFactory = _ => "both",
        };
        store.AcceptOnlyFromAmong("both", "memory", "etcd");
        var write = BenchCommandLine.WriteOption(ApiServerReport.Heading);

        var command = new Command("apiserver", "Measure the API server over the in-memory store and etcd, and the floor under it.")
        {
            operations, warmUp, concurrency, listSize, watchWrites, store, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new ApiServerParameters(
                parse.GetValue(operations),
                parse.GetValue(warmUp),
                parse.GetValue(concurrency),
                parse.GetValue(listSize),
                parse.GetValue(watchWrites),
                Math.Max(1, parse.GetValue(watchWrites) / 10));
            var selected = parse.GetValue(store)!;
            var benchmark = new ApiServerBenchmark(parameters, Console.Error);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var report = await benchmark.RunAsync(
                memory: selected is "both" or "memory",
                etcd: selected is "both" or "etcd",
                cancellationToken);

            await BenchCommandLine.PublishAsync(ApiServerReport.Heading, parse.GetValue(write), started, (machine, source) =>
                ApiServerReport.Section(report, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return 0;
        });
        return command;
    }
}

/// <summary>What one <c>apiserver</c> run does.</summary>
public sealed record ApiServerParameters(
    int Operations,
    int WarmUp,
    int Concurrency,
    int ListSize,
    int WatchWrites,
    int WatchWarmUp);
