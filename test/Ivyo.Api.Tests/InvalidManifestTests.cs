using Ivyo.Api.Crd;
using Ivyo.Manifests;

namespace Ivyo.Api.Tests;

/// <summary>
/// Every manifest under testassets/invalid is rejected, and the error names the field in Kubernetes' wording. Each file
/// states the messages it expects in <c># expect:</c> comments.
/// </summary>
public sealed class InvalidManifestTests
{
    private static readonly IvoryClusterSchema s_schema = new();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("testassets", "invalid"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void There_are_at_least_fifteen_cases() => Assert.True(Cases().Count >= 15);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_manifest_is_rejected_with_a_message_naming_the_field(string name)
    {
        var path = RepositoryFiles.PathOf("testassets", "invalid", name + ".yaml");
        var text = File.ReadAllText(path);
        var expected = text.Split('\n').Where(line => line.StartsWith("# expect: ", StringComparison.Ordinal)).Select(line => line["# expect: ".Length..]).ToList();
        Assert.NotEmpty(expected);

        var document = Assert.Single(ManifestLoader.Parse(text, path));
        var result = s_schema.Read(document.Object);

        Assert.False(result.IsValid);
        Assert.Null(result.Cluster);
        foreach (var message in expected)
        {
            Assert.Contains(message, result.Errors);
        }
    }
}
