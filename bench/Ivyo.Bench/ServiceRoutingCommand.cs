using System.CommandLine;
using System.Diagnostics;

namespace Ivyo.Bench;

/// <summary>
/// <c>service-routing</c>: on a real local cluster (root), connect plus one round trip through a ClusterIP Service
/// against the pod IP directly, and the time for a Service to follow a changed endpoint.
/// </summary>
public static class ServiceRoutingCommand
{
    public static Command Create(IReadOnlyList<string> commandLine)
    {
        var trials = BenchCommandLine.Count("--trials", "Measured connections each way (through the Service, to the pod) from each client.", 1_000);
        var warmUp = BenchCommandLine.NotNegativeCount("--warm-up", "Unmeasured connections each way before the measured ones.", 50);
        var followTrials = BenchCommandLine.Count("--follow-trials", "Selector changes whose time to take effect is measured.", 20);
        var store = BenchCommandLine.StoreOption("etcd");
        var write = BenchCommandLine.WriteOption(ServiceRoutingReport.Heading);

        var command = new Command("service-routing", "Measure a ClusterIP Service's routing overhead against the pod IP, and endpoint following, on a real local cluster (needs root).")
        {
            trials, warmUp, followTrials, store, write,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parameters = new ServiceRoutingParameters(
                parse.GetValue(trials), parse.GetValue(warmUp), parse.GetValue(followTrials), parse.GetValue(store) == "etcd");
            var started = Stopwatch.GetTimestamp();
            var results = await new ServiceRoutingBenchmark(parameters, Console.Error).RunAsync(cancellationToken);
            await BenchCommandLine.PublishAsync(ServiceRoutingReport.Heading, parse.GetValue(write), started, (machine, source) =>
                ServiceRoutingReport.Section(results, parameters, machine, source, BenchCommandLine.Text(commandLine)), cancellationToken);
            return 0;
        });
        return command;
    }
}

/// <summary>What one <c>service-routing</c> run does.</summary>
public sealed record ServiceRoutingParameters(int Trials, int WarmUp, int FollowTrials, bool Durable);
