using System.CommandLine;
using System.Diagnostics;

namespace Ivyo.Bench.HighAvailability;

/// <summary>
/// <c>high-availability</c>: on a real 3-node local cluster with IVYO (root), the tutorial's hippo through
/// switchovers, pod deletions, node stops and partitions under a continuous write checker: write unavailability,
/// where the time goes, lost acknowledged writes and split-brain rounds.
/// </summary>
public static class HaCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var runs = BenchCommandLine.Count("--runs", "Runs of each asynchronous scenario (median and max are reported).", 5);
        var strictRuns = BenchCommandLine.NotNegativeCount("--strict-runs", "Runs of each synchronous_mode_strict scenario (0: none).", 3);
        var bootstrapRuns = BenchCommandLine.Count("--bootstrap-runs", "Times hippo is applied until Ready (and deleted in between).", 3);
        var only = new Option<string[]>("--only")
        {
            Description = "Only the scenarios whose key starts with one of these (Fault/profile/mode, e.g. Switchover or StopPrimaryNode/fast).",
            AllowMultipleArgumentsPerToken = true,
        };
        var write = BenchCommandLine.WriteOption(HaReport.Heading);
        var command = new Command("high-availability", "Measure failover, write unavailability, lost writes and split brain on hippo (needs root).")
        {
            runs, strictRuns, bootstrapRuns, only, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var prefixes = parse.GetValue(only) ?? [];
            var scenarios = HaScenario.Matrix()
                .Where(s => prefixes.Length == 0 || prefixes.Any(p => s.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Where(s => !s.Strict || parse.GetValue(strictRuns) > 0)
                .ToList();
            var parameters = new HaParameters(parse.GetValue(runs), parse.GetValue(strictRuns), parse.GetValue(bootstrapRuns), scenarios);
            var started = Stopwatch.GetTimestamp();
            var results = await new HaBenchmark(parameters, Console.Error).RunAsync(cancellationToken);
            await BenchCommandLine.PublishAsync(HaReport.Heading, parse.GetValue(write), started, (machine, source) =>
                HaReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return results.Failures.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
