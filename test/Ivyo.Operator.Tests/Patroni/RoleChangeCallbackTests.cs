using System.Diagnostics;
using Ivyo.Operator.Images;
using Ivyo.Operator.Patroni;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Tests.Patroni;

/// <summary>
/// The <c>on_role_change</c> callback as Patroni runs it: its command line split by Python's <c>shlex</c> (Patroni's
/// own splitting), then run by <c>python3</c> with the arguments Patroni appends. That the callback wakes a real
/// Patroni during a promotion is shown end to end by the failover tests (<c>UnplannedFailover</c>).
/// </summary>
public sealed class RoleChangeCallbackTests
{
    [Fact]
    public void Patroni_splits_the_configured_command_into_python_and_the_whole_script()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni!.Port = 8123;
        var root = YamlAssert.Load(PatroniConfig.ClusterYaml(cluster,
            PostgresParameters.Build(cluster, ImageCatalog.Default, PatroniClusters.IvoryImage), PostgresHba.Build()));
        var command = YamlAssert.Scalar(root, "postgresql", "callbacks", "on_role_change");

        var split = Run("python3", ["-c", "import json, shlex, sys; print(json.dumps(shlex.split(sys.argv[1])))", command]);

        Assert.Equal(0, split.ExitCode);
        var arguments = System.Text.Json.JsonSerializer.Deserialize<string[]>(split.Output)!;
        Assert.Equal(3, arguments.Length);
        Assert.Equal(["python3", "-c"], arguments[..2]);
        Assert.Equal(PatroniRoleChangeCallback.Script(8123).ReplaceLineEndings("\n"), arguments[2].ReplaceLineEndings("\n"));
        Assert.Contains("https://127.0.0.1:8123", arguments[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replica")]
    [InlineData("demoted")]
    [InlineData("standby_leader")]
    public void A_role_other_than_primary_ends_at_once_and_says_nothing(string role)
    {
        // Python compiles the whole script before it runs the first line: a syntax error fails here too.
        var run = Run("python3", ["-c", PatroniRoleChangeCallback.Script(8008), "on_role_change", role, "hippo-ha"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Output + run.Error);
    }

    [Fact]
    public void The_script_has_no_single_quote_so_the_shell_style_quoting_holds_it_whole() =>
        Assert.DoesNotContain('\'', PatroniRoleChangeCallback.Script(8008));

    private static (int ExitCode, string Output, string Error) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
