using System.Text.Json.Nodes;
using Ivyo.Schema.Json;

namespace Ivyo.Cli.Tests;

/// <summary>Runs the ivyo command tree in process, as a user would from the shell.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWithInput("", args);

    public static (int ExitCode, string Output, string Error) RunWithInput(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var exitCode = Program.BuildRootCommand(output, error, input).Parse(args).Invoke();
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Renders a repository path (a kustomization directory) with a fixed seed.</summary>
    public static IReadOnlyList<JsonObject> Render(string kustomization)
    {
        var (exitCode, output, error) = Run("render", "-k", RepositoryFiles.PathOf(kustomization), "--seed", "1");
        Assert.True(exitCode == 0, error);
        return [.. YamlJson.ParseAll(output).Select(node => node!.AsObject())];
    }

    public static JsonObject Single(this IReadOnlyList<JsonObject> objects, string kind, string name) =>
        Assert.Single(objects, o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    public static IReadOnlyList<JsonObject> OfKind(this IReadOnlyList<JsonObject> objects, string kind) =>
        [.. objects.Where(o => (string?)o["kind"] == kind)];
}
