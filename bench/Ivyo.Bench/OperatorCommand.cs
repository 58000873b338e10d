using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Ivyo.Bench;

/// <summary>
/// <c>operator</c>: the operator's timing goals against an in-process local API server (in-memory store, no pods):
/// self-heal latency, convergence of many clusters, requests in steady state and the operator's memory.
/// </summary>
public static class OperatorCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var trials = BenchCommandLine.Positive(new Option<int>("--self-heal-trials")
        {
            Description = "Measured deletions of the Service hippo-primary, one at a time.",
            DefaultValueFactory = _ => 50,
        });
        var warmUp = BenchCommandLine.NotNegative(new Option<int>("--self-heal-warm-up")
        {
            Description = "Unmeasured deletions before the measured ones.",
            DefaultValueFactory = _ => 5,
        });
        var clusters = BenchCommandLine.Positive(new Option<int>("--clusters")
        {
            Description = "IvoryClusters (the hippo example) created at once for the convergence, steady-state and memory measurements.",
            DefaultValueFactory = _ => 500,
        });
        var namespaces = BenchCommandLine.Positive(new Option<int>("--namespaces")
        {
            Description = "Namespaces the clusters are spread over.",
            DefaultValueFactory = _ => 10,
        });
        var createConcurrency = BenchCommandLine.Positive(new Option<int>("--create-concurrency")
        {
            Description = "Cluster creates in flight at once.",
            DefaultValueFactory = _ => 4,
        });
        var workers = BenchCommandLine.Positive(new Option<int>("--workers")
        {
            Description = "The operator's parallel reconciles (IVYO_WORKERS).",
            DefaultValueFactory = _ => 2,
        });
        var steadyState = BenchCommandLine.Positive(new Option<int>("--steady-state-seconds")
        {
            Description = "How long the operator's requests are counted once every cluster has converged.",
            DefaultValueFactory = _ => 60,
        });
        var timeout = BenchCommandLine.Positive(new Option<int>("--timeout-minutes")
        {
            Description = "How long to wait for every cluster to converge; the numbers then say how many did.",
            DefaultValueFactory = _ => 30,
        });
        var write = BenchCommandLine.WriteOption(OperatorReport.Heading);

        var command = new Command("operator", "Measure the operator: self-heal latency, convergence of many clusters, steady-state requests and memory.")
        {
            trials, warmUp, clusters, namespaces, createConcurrency, workers, steadyState, timeout, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new OperatorParameters(
                parse.GetValue(trials),
                parse.GetValue(warmUp),
                parse.GetValue(clusters),
                parse.GetValue(namespaces),
                parse.GetValue(createConcurrency),
                parse.GetValue(workers),
                TimeSpan.FromSeconds(parse.GetValue(steadyState)),
                TimeSpan.FromMinutes(parse.GetValue(timeout)));
            var started = Stopwatch.GetTimestamp();
            var results = await new OperatorBenchmark(parameters, Console.Error).RunAsync(cancellationToken);
            await Console.Error.WriteLineAsync(
                $"Measured in {Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s.");

            var machine = MachineInfo.Read();
            var source = await SourceInfo.DescribeAsync(cancellationToken);
            var section = OperatorReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine));
            await Console.Out.WriteLineAsync(section);
            if (parse.GetValue(write) is { } file)
            {
                await BenchCommandLine.WriteSectionAsync(file, OperatorReport.Heading, section, cancellationToken);
            }

            return results.Scale.Convergence.Complete ? 0 : 1;
        });
        return command;
    }
}
