using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ivyo.Schema.Json;

namespace Ivyo.Cli.Tests;

/// <summary>
/// <c>ivyo render --seed 1</c> of every example kustomization, pinned in testassets/render/&lt;example&gt;.yaml.
/// Certificates and keys are new on every run, so their PEM values are replaced with a placeholder naming the PEM
/// blocks; everything else is reproducible from the seed. <c>UPDATE_GOLDEN=1</c> rewrites the files.
/// </summary>
public sealed partial class RenderGoldenTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(RepositoryFiles.PathOf("examples", "kustomize")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Render_output_matches_the_golden_file(string example)
    {
        var (exitCode, output, error) = CliRunner.Run("render", "-k", RepositoryFiles.PathOf("examples", "kustomize", example), "--seed", "1");
        Assert.True(exitCode == 0, error);
        Golden.AssertMatches(Redact(output), "render", example + ".yaml");
    }

    [Fact]
    public void Rendering_twice_with_one_seed_differs_only_in_certificates()
    {
        var first = CliRunner.Run("render", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"), "--seed", "9").Output;
        var second = CliRunner.Run("render", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"), "--seed", "9").Output;
        Assert.NotEqual(first, second);
        Assert.Equal(Redact(first), Redact(second));
    }

    /// <summary>Replaces Secret values that hold PEM blocks with <c>&lt;PEM: CERTIFICATE, PRIVATE KEY&gt;</c>.</summary>
    private static string Redact(string yaml)
    {
        var objects = YamlJson.ParseAll(yaml);
        foreach (var obj in objects)
        {
            if ((string?)obj?["kind"] != "Secret" || obj["data"] is not JsonObject data)
            {
                continue;
            }

            foreach (var key in data.Select(pair => pair.Key).ToList())
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String((string)data[key]!));
                var blocks = PemBlock().Matches(text).Select(match => match.Groups[1].Value).ToList();
                if (blocks.Count > 0)
                {
                    data[key] = $"<PEM: {string.Join(", ", blocks)}>";
                }
            }
        }

        return YamlWriter.WriteStream(objects);
    }

    [GeneratedRegex("-----BEGIN ([A-Z ]+)-----")]
    private static partial Regex PemBlock();
}
