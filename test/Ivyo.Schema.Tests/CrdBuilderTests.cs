using Ivyo.Schema.Generation;
using k8s.Models;

namespace Ivyo.Schema.Tests;

public sealed class CrdBuilderTests
{
    private static CrdDefinition Definition => new("ivyo.example.org", "v1beta1", "SampleCluster", "sampleclusters", typeof(SampleCluster))
    {
        ShortNames = ["sc"],
        Categories = ["all"],
        PrinterColumns = [new V1CustomResourceColumnDefinition { Name = "Version", Type = "integer", JsonPath = ".spec.postgresVersion" }],
        Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
    };

    [Fact]
    public void Builds_names_version_and_subresources()
    {
        var crd = new CrdBuilder().Build(Definition);
        Assert.Equal("sampleclusters.ivyo.example.org", crd.Metadata.Name);
        Assert.Equal("SampleClusterList", crd.Spec.Names.ListKind);
        Assert.Equal("samplecluster", crd.Spec.Names.Singular);
        Assert.Equal(["sc"], crd.Spec.Names.ShortNames);
        Assert.Equal("Namespaced", crd.Spec.Scope);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.True(version.Served);
        Assert.True(version.Storage);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(".spec.postgresVersion", Assert.Single(version.AdditionalPrinterColumns).JsonPath);
    }

    [Fact]
    public void Root_schema_has_type_meta_metadata_spec_and_status()
    {
        var root = new CrdBuilder().Build(Definition).Spec.Versions[0].Schema.OpenAPIV3Schema;
        Assert.Equal(["apiVersion", "kind", "metadata", "spec", "status"], root.Properties.Keys);
        Assert.Equal("string", root.Properties["apiVersion"].Type);
        Assert.Equal("string", root.Properties["kind"].Type);
        Assert.Equal("object", root.Properties["metadata"].Type);
        Assert.Null(root.Properties["metadata"].Properties);
        Assert.Equal("A sample database cluster.", root.Description);
        Assert.Equal(["instances", "postgresVersion"], root.Properties["spec"].Required);
    }

    [Fact]
    public void Yaml_is_byte_stable_and_sorted()
    {
        var first = CrdYaml.Serialize(new CrdBuilder().Build(Definition));
        var second = CrdYaml.Serialize(new CrdBuilder().Build(Definition));
        Assert.Equal(first, second);
        Assert.StartsWith("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n", first, StringComparison.Ordinal);
        Assert.True(first.IndexOf("    a: \"1\"", StringComparison.Ordinal) < first.IndexOf("    b: \"2\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.EndsWith("\n", first, StringComparison.Ordinal);
        Assert.Contains("x-kubernetes-int-or-string: true", first, StringComparison.Ordinal);
        Assert.Contains("status: {}", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_round_trips_with_typed_defaults()
    {
        var yaml = CrdYaml.Serialize(new CrdBuilder().Build(Definition));
        var crd = CrdYaml.Deserialize(yaml);
        var port = crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["port"];
        Assert.Equal("5432", port.DefaultProperty?.ToString());
        Assert.Equal(yaml, CrdYaml.Serialize(crd));
    }
}
