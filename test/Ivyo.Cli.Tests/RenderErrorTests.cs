namespace Ivyo.Cli.Tests;

/// <summary>Bad input gets a specific message and exit code 2; nothing is printed to standard output.</summary>
public sealed class RenderErrorTests
{
    public static TheoryData<string> InvalidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("testassets", "invalid"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_manifest_exits_2_naming_the_field(string file)
    {
        var path = RepositoryFiles.PathOf("testassets", "invalid", file);
        var expected = File.ReadAllLines(path).Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal)).Select(l => l["# expect: ".Length..]);

        var (exitCode, output, error) = CliRunner.Run("render", "-f", path);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("The IvoryCluster \"hippo\" is invalid", error, StringComparison.Ordinal);
        Assert.All(expected, message => Assert.Contains("* " + message, error, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var (exitCode, output, error) = CliRunner.Run("render", "-f", "/nonexistent/ivory.yaml");
        Assert.Equal((2, ""), (exitCode, output));
        Assert.Contains("the path \"/nonexistent/ivory.yaml\" does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_the_line()
    {
        var (exitCode, _, error) = CliRunner.RunWithInput("kind: IvoryCluster\nspec: [unclosed\n", "render", "-f", "-");
        Assert.Equal(2, exitCode);
        Assert.Contains("<stdin>: invalid YAML at line", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_kustomization_fields_are_named()
    {
        var (exitCode, _, error) = CliRunner.Run("render", "-k", RepositoryFiles.PathOf("testassets", "reference", "examples", "kustomize", "s3"));
        Assert.Equal(2, exitCode);
        Assert.Contains("the kustomization field \"secretGenerator\" is not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_without_clusters_is_an_error_and_other_kinds_are_noted()
    {
        var (exitCode, _, error) = CliRunner.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "render", "-f", "-");
        Assert.Equal(2, exitCode);
        Assert.Contains("note: skipping ConfigMap/x", error, StringComparison.Ordinal);
        Assert.Contains("error: no IvoryCluster in the input", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_one_of_file_or_kustomization_is_required()
    {
        Assert.Equal(2, CliRunner.Run("render").ExitCode);
        Assert.Equal(2, CliRunner.Run("render", "-f", "a.yaml", "-k", "dir").ExitCode);
    }

    [Fact]
    public void Reference_manifests_render_from_stdin()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("testassets", "reference", "examples", "kustomize", "multi-backup-repo", "ivory.yaml"));
        var (exitCode, output, error) = CliRunner.RunWithInput(text, "render", "-f", "-", "-n", "ivory-operator");
        Assert.True(exitCode == 0, error);
        Assert.Contains("name: hippo-multi-repo-00-", output, StringComparison.Ordinal);
    }
}
