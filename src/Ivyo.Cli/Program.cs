using System.CommandLine;
using Ivyo.Cli.Commands;

namespace Ivyo.Cli;

public static class Program
{
    // InvokeAsync (not Invoke) turns SIGINT and SIGTERM into cancellation of the running command, which then stops
    // what it started (the local cluster's pods, each within its grace period) before the process exits. The timeout
    // is generous so that it never cuts that short and leaves pods behind (null would not handle the signals at all);
    // ivyo local down waits a little longer, then kills the whole tree.
    public static Task<int> Main(string[] args) => BuildRootCommand(Console.Out, Console.Error, Console.In).Parse(args)
        .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(4) });

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
