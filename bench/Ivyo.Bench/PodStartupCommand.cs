using System.CommandLine;
using System.Diagnostics;

namespace Ivyo.Bench;

/// <summary>
/// <c>pod-startup</c>: on a real local cluster (root), the time from a trivial pod's create request to Running and to
/// Ready, one pod at a time and in a burst.
/// </summary>
public static class PodStartupCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var trials = BenchCommandLine.Count("--trials", "Measured pods, one at a time (each deleted before the next).", 30);
        var warmUp = BenchCommandLine.NotNegativeCount("--warm-up", "Unmeasured pods before the measured ones.", 2);
        var burst = BenchCommandLine.Count("--burst", "Pods created at once after the sequential trials.", 20);
        var nodes = BenchCommandLine.Count("--nodes", "Nodes of the local cluster (ivyo local up's default is 3).", 3);
        var store = BenchCommandLine.StoreOption("etcd");
        var write = BenchCommandLine.WriteOption(PodStartupReport.Heading);

        var command = new Command("pod-startup", "Measure a trivial pod's time from creation to Running and Ready on a real local cluster (needs root).")
        {
            trials, warmUp, burst, nodes, store, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new PodStartupParameters(
                parse.GetValue(trials), parse.GetValue(warmUp), parse.GetValue(burst), parse.GetValue(nodes), parse.GetValue(store) == "etcd");
            var started = Stopwatch.GetTimestamp();
            var results = await new PodStartupBenchmark(parameters, Console.Error).RunAsync(cancellationToken);
            await BenchCommandLine.PublishAsync(PodStartupReport.Heading, parse.GetValue(write), started, (machine, source) =>
                PodStartupReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return 0;
        });
        return command;
    }
}

/// <summary>What one <c>pod-startup</c> run does.</summary>
public sealed record PodStartupParameters(int Trials, int WarmUp, int Burst, int Nodes, bool Durable);
