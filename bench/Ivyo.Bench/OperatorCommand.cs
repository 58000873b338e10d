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
        var trials = BenchCommandLine.Count("--self-heal-trials", "Measured deletions of the Service hippo-primary, one at a time.", 50);
        var warmUp = BenchCommandLine.NotNegativeCount("--self-heal-warm-up", "Unmeasured deletions before the measured ones.", 5);
        var clusters = BenchCommandLine.Count("--clusters", "IvoryClusters (the hippo example) created at once for the convergence, steady-state and memory measurements.", 500);
        var namespaces = BenchCommandLine.Count("--namespaces", "Namespaces the clusters are spread over.", 10);
        var createConcurrency = BenchCommandLine.Count("--create-concurrency", "Cluster creates in flight at once.", 4);
        var workers = BenchCommandLine.Count("--workers", "The operator's parallel reconciles (IVYO_WORKERS).", 2);
        var steadyState = BenchCommandLine.Count("--steady-state-seconds", "How long the operator's requests are counted once every cluster has converged.", 60);
        var timeout = BenchCommandLine.Count("--timeout-minutes", "How long to wait for every cluster to converge; the numbers then say how many did.", 30);
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
            await BenchCommandLine.PublishAsync(OperatorReport.Heading, parse.GetValue(write), started, (machine, source) =>
                OperatorReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return results.Scale.Convergence.Complete ? 0 : 1;
        });
        return command;
    }
}
