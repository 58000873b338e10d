using System.CommandLine;
using Ivyo.Cli.Commands;

namespace Ivyo.Cli;

public static class Program
{
    // InvokeAsync (not Invoke) turns SIGINT and SIGTERM into cancellation of the running command, which then has
    // 30 seconds to stop what it started (the local cluster's processes) before the process exits.
    public static Task<int> Main(string[] args) => BuildRootCommand(Console.Out, Console.Error, Console.In).Parse(args)
        .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>The whole command tree; tests run it with their own writers.</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error, TextReader input)
    {
        var root = new RootCommand("ivyo: run highly available IvorySQL clusters on Kubernetes.");
        root.Subcommands.Add(RenderCommand.Create(output, error, input));
        root.Subcommands.Add(CrdCommand.Create(output));
        root.Subcommands.Add(LocalCommand.Create(output));
        return root;
    }
}
