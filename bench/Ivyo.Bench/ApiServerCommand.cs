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
        var operations = BenchCommandLine.Positive(new Option<int>("--operations")
        {
            Description = "Measured operations per row (get, list, create, patch).",
            DefaultValueFactory = _ => 2_000,
        });
        var warmUp = BenchCommandLine.NotNegative(new Option<int>("--warm-up")
        {
            Description = "Unmeasured operations run before each row's measured ones.",
            DefaultValueFactory = _ => 200,
        });
        var concurrency = BenchCommandLine.Positive(new Option<int>("--concurrency")
        {
            Description = "Operations in flight at once (one worker each).",
            DefaultValueFactory = _ => 4,
        });
        var listSize = BenchCommandLine.Positive(new Option<int>("--list-size")
        {
            Description = "ConfigMaps in the namespace that list reads.",
            DefaultValueFactory = _ => 100,
        });
        var watchWrites = BenchCommandLine.Positive(new Option<int>("--watch-writes")
        {
            Description = "Measured writes, one at a time, whose watch events are timed.",
            DefaultValueFactory = _ => 500,
        });
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

            await Console.Error.WriteLineAsync(
                $"Measured in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} s.");
            var machine = MachineInfo.Read();
            var source = await SourceInfo.DescribeAsync(cancellationToken);
            var section = ApiServerReport.Section(report, parameters, machine, source, BenchCommandLine.Text(commandLine));
            await Console.Out.WriteLineAsync(section);
            if (parse.GetValue(write) is { } file)
            {
                await BenchCommandLine.WriteSectionAsync(file, ApiServerReport.Heading, section, cancellationToken);
            }

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
