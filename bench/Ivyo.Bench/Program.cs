using System.CommandLine;

namespace Ivyo.Bench;

/// <summary>The benchmark programs; each command prints a Markdown table and can write it to docs/benchmarks.md.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("IVYO's benchmarks. Results go to docs/benchmarks.md.");
        root.Subcommands.Add(ApiServerCommand.Create(args));
        root.Subcommands.Add(OperatorCommand.Create(args));
        root.Subcommands.Add(PodStartupCommand.Create(args));
        root.Subcommands.Add(SchedulingCommand.Create(args));
        root.Subcommands.Add(ServiceRoutingCommand.Create(args));
        root.Subcommands.Add(HighAvailability.HaCommand.Create(args));
        return root.Parse(args).InvokeAsync();
    }
}
