using System.CommandLine;
using System.Diagnostics;

namespace Ivyo.Bench;

/// <summary>
/// <c>scheduling</c>: the local cluster's scheduler binding many pods over many API-registered nodes, plain and with a
/// constraint that makes it work (zone spread, preferred anti-affinity).
/// </summary>
public static class SchedulingCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var pods = BenchCommandLine.Count("--pods", "Pods created per variant.", 1_000);
        var nodes = BenchCommandLine.Count("--nodes", "Nodes registered through the API (no node agents).", 100);
        var zones = BenchCommandLine.Count("--zones", "Zones the nodes are spread over (topology.kubernetes.io/zone, at most 26).", 4);
        zones.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() > 26)
            {
                result.AddError("--zones must be at most 26.");
            }
        });
        var warmUpPods = BenchCommandLine.NotNegativeCount("--warm-up-pods", "Pods of an unreported first round (resource requests only) that warms the process up.", 1_000);
        var createConcurrency = BenchCommandLine.Count("--create-concurrency", "Pod creates in flight at once.", 4);
        var timeout = BenchCommandLine.Count("--timeout-minutes", "How long a variant may take to bind every pod.", 15);
        var variants = new Option<SchedulingVariant[]>("--variant")
        {
            Description = "The variants to run (repeatable).",
            DefaultValueFactory = _ => [SchedulingVariant.ResourcesOnly, SchedulingVariant.ZoneSpread, SchedulingVariant.PreferredAntiAffinity],
            AllowMultipleArgumentsPerToken = true,
        };
        var write = BenchCommandLine.WriteOption(SchedulingReport.Heading);

        var command = new Command("scheduling", "Measure the scheduler's throughput and create-to-bind latency for many pods over many nodes.")
        {
            pods, nodes, zones, warmUpPods, createConcurrency, timeout, variants, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new SchedulingParameters(
                parse.GetValue(pods),
                parse.GetValue(nodes),
                parse.GetValue(zones),
                parse.GetValue(warmUpPods),
                parse.GetValue(createConcurrency),
                TimeSpan.FromMinutes(parse.GetValue(timeout)),
                parse.GetValue(variants)!);
            var started = Stopwatch.GetTimestamp();
            var results = await new SchedulingBenchmark(parameters, Console.Error).RunAsync(cancellationToken);
            await BenchCommandLine.PublishAsync(SchedulingReport.Heading, parse.GetValue(write), started, (machine, source) =>
                SchedulingReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return 0;
        });
        return command;
    }
}

/// <summary>What one <c>scheduling</c> run does.</summary>
public sealed record SchedulingParameters(int Pods, int Nodes, int Zones, int WarmUpPods, int CreateConcurrency, TimeSpan Timeout, IReadOnlyList<SchedulingVariant> Variants);
