using System.CommandLine;
using Ivyo.Api.Crd;

namespace Ivyo.Cli.Commands;

/// <summary><c>ivyo crd</c>: prints the IvoryCluster CRD generated from the C# types.</summary>
public static class CrdCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("crd", "Print the IvoryCluster CustomResourceDefinition, generated from the API types.");
        command.SetAction(_ =>
        {
            output.Write(IvoryClusterCrd.Yaml());
            return ExitCodes.Success;
        });
        return command;
    }
}
