using System.Text.Json.Nodes;
using Ivyo.Api.Crd;
using Ivyo.Schema.Json;
using Ivyo.Schema.Structural;
using k8s;

namespace Ivyo.Api.Tests;

public sealed class CrdTests
{
    private static JsonNode Schema(JsonNode crd) => crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    private static JsonNode Generated => JsonNode.Parse(KubernetesJson.Serialize(IvoryClusterCrd.Build()))!;

    [Fact]
    public void Committed_crd_matches_a_fresh_generation()
    {
        // UPDATE_GOLDEN=1 rewrites the committed CRD.
        Golden.AssertMatchesFile(IvoryClusterCrd.Yaml(), "config", "crd", "bases", "ivory-operator.ivorysql.org_ivoryclusters.yaml");
    }

    [Fact]
    public void Every_field_of_ivory_operators_crd_exists_with_the_same_type_defaults_and_validation()
    {
        var reference = YamlJson.Parse(File.ReadAllText(RepositoryFiles.PathOf("testassets", "reference", "ivoryclusters.crd.yaml")))!;
        var differences = SchemaDiff.Differences(Schema(reference), Schema(Generated));
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Names_scope_and_subresources_match_ivory_operator_plus_a_short_name()
    {
        var crd = IvoryClusterCrd.Build();
        Assert.Equal("ivoryclusters.ivory-operator.ivorysql.org", crd.Metadata.Name);
        Assert.Equal(("IvoryCluster", "ivoryclusters", "ivorycluster", "IvoryClusterList"), (crd.Spec.Names.Kind, crd.Spec.Names.Plural, crd.Spec.Names.Singular, crd.Spec.Names.ListKind));
        Assert.Equal(["ivc"], crd.Spec.Names.ShortNames);
        Assert.Equal("Namespaced", crd.Spec.Scope);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal(("v1beta1", true, true), (version.Name, version.Served, version.Storage));
        Assert.NotNull(version.Subresources.Status);
        Assert.Contains(version.AdditionalPrinterColumns, column => column.Name == "Ready");
    }

    [Fact]
    public void Embedded_core_types_are_fully_typed()
    {
        var instance = Schema(Generated)["properties"]!["spec"]!["properties"]!["instances"]!["items"]!["properties"]!;
        Assert.NotNull(instance["affinity"]!["properties"]!["podAntiAffinity"]!["properties"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["items"]!["properties"]!["topologyKey"]);
        Assert.NotNull(instance["tolerations"]!["items"]!["properties"]!["effect"]);
        Assert.NotNull(instance["topologySpreadConstraints"]!["items"]!["properties"]!["maxSkew"]);
        Assert.NotNull(instance["resources"]!["properties"]!["limits"]!["additionalProperties"]);
        Assert.Equal(["accessModes", "resources"], instance["dataVolumeClaimSpec"]!["required"]!.AsArray().Select(x => (string)x!));
        Assert.Null(instance["affinity"]!["x-kubernetes-preserve-unknown-fields"]);
        Assert.True((bool)instance["minAvailable"]!["x-kubernetes-int-or-string"]!);
    }

    [Fact]
    public void Tls_secrets_must_come_in_pairs_by_a_cel_rule()
    {
        var rules = Schema(Generated)["properties"]!["spec"]!["x-kubernetes-validations"]!.AsArray();
        Assert.Contains(rules, rule => ((string)rule!["rule"]!).Contains("customReplicationTLSSecret", StringComparison.Ordinal));
    }
}
