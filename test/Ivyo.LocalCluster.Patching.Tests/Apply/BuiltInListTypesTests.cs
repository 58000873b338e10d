using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Patching.Apply;

namespace Ivyo.LocalCluster.Patching.Tests.Apply;

/// <summary>List types of built-in kinds as the Kubernetes 1.32 OpenAPI declares them (+listType, +listMapKey).</summary>
public sealed class BuiltInListTypesTests
{
    private static readonly DateTimeOffset T1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static string Describe(ListKind kind) => kind.Type + (kind.Keys.Count > 0 ? ":" + string.Join(",", kind.Keys) : "");

    [Theory]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "spec.versions", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "spec.names.shortNames", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "spec.names.categories", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "spec.conversion.webhook.conversionReviewVersions", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "spec.versions.additionalPrinterColumns", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "status.conditions", "Map:type")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "status.storedVersions", "Atomic")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "metadata.ownerReferences", "Map:uid")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", "metadata.finalizers", "Set")]
    [InlineData("storage.k8s.io/v1", "StorageClass", "mountOptions", "Atomic")]
    [InlineData("storage.k8s.io/v1", "StorageClass", "allowedTopologies", "Atomic")]
    [InlineData("storage.k8s.io/v1", "StorageClass", "metadata.finalizers", "Set")]
    [InlineData("v1", "ComponentStatus", "conditions", "Map:type")]
    [InlineData("v1", "Namespace", "spec.finalizers", "Atomic")]
    [InlineData("v1", "Namespace", "status.conditions", "Map:type")]
    [InlineData("v1", "Namespace", "metadata.ownerReferences", "Map:uid")]
    [InlineData("batch/v1", "Job", "status.conditions", "Atomic")]
    [InlineData("apps/v1", "Deployment", "status.conditions", "Map:type")]
    [InlineData("apps/v1", "Deployment", "spec.template.spec.containers.resources.claims", "Map:name")]
    [InlineData("v1", "Pod", "spec.containers.ports", "Map:containerPort,protocol")]
    [InlineData("v1", "Service", "spec.ports", "Map:port,protocol")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "rules", "Atomic")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "aggregationRule.clusterRoleSelectors", "Atomic")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "subjects", "Atomic")]
    [InlineData("v1", "ServiceAccount", "secrets", "Map:name")]
    [InlineData("v1", "ServiceAccount", "imagePullSecrets", "Atomic")]
    public void List_types_follow_the_kubernetes_openapi(string apiVersion, string kind, string path, string expected)
    {
        var types = BuiltInListTypes.For(apiVersion, kind);
        Assert.NotNull(types);
        Assert.Equal(expected, Describe(types.Kind(path.Split('.'))));
    }

    [Fact]
    public void Node_affinity_required_terms_are_an_atomic_node_selector()
    {
        var types = BuiltInListTypes.For("apps/v1", "Deployment")!;
        Assert.True(types.IsAtomicMap(["spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]));
        Assert.False(types.IsAtomicMap(["spec", "template", "spec", "affinity", "nodeAffinity"]));
    }

    [Fact]
    public void Custom_resource_metadata_follows_object_meta_and_the_rest_its_schema()
    {
        var schema = (JsonObject)JsonNode.Parse("""
            {"type":"object","properties":{
              "metadata":{"type":"object"},
              "spec":{"type":"object","properties":{
                "hosts":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
                "names":{"type":"array","items":{"type":"string"}}}}}}
            """)!;
        var types = new CustomResourceListTypes(new SchemaListTypes(schema));

        Assert.Equal("Map:uid", Describe(types.Kind(["metadata", "ownerReferences"])));
        Assert.Equal("Set", Describe(types.Kind(["metadata", "finalizers"])));
        Assert.Equal("Atomic", Describe(types.Kind(["metadata", "managedFields"])));
        Assert.Equal("Set", Describe(types.Kind(["spec", "hosts"])));
        Assert.Equal("Atomic", Describe(types.Kind(["spec", "names"])));
    }

    [Fact]
    public void Two_owners_of_a_custom_resource_are_merged_by_uid()
    {
        var types = new CustomResourceListTypes(new SchemaListTypes(new JsonObject { ["type"] = "object" }));
        JsonObject Owned(string uid) => (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"t","ownerReferences":[
              {"apiVersion":"v1","kind":"ConfigMap","name":"{{{uid}}}","uid":"{{{uid}}}"}]}}
            """)!;

        var first = ServerSideApply.Apply(null, Owned("a"), new ApplyOptions("one", "example.com/v1", false, T1), types);
        var second = ServerSideApply.Apply(first.Object, Owned("b"), new ApplyOptions("two", "example.com/v1", false, T1), types);

        Assert.Empty(second.Conflicts);
        Assert.Equal(["a", "b"], second.Object["metadata"]!["ownerReferences"]!.AsArray().Select(o => (string)o!["uid"]!));
    }

    [Fact]
    public void A_crd_is_applied_with_its_versions_as_one_atomic_value()
    {
        var types = BuiltInListTypes.For("apiextensions.k8s.io/v1", "CustomResourceDefinition")!;
        JsonObject Crd(string served) => (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","singular":"thing","kind":"Thing","listKind":"ThingList"},
              "versions":[{"name":"v1","served":{{{served}}},"storage":true,"schema":{"openAPIV3Schema":{"type":"object"} } }]}}
            """)!;
        var options = new ApplyOptions("kubectl", "apiextensions.k8s.io/v1", false, T1);

        var created = ServerSideApply.Apply(null, Crd("true"), options, types).Object;
        var again = ServerSideApply.Apply(created, Crd("true"), options, types);
        var other = ServerSideApply.Apply(created, Crd("false"), options with { Manager = "other" }, types);

        Assert.Empty(again.Conflicts);
        Assert.True(JsonNode.DeepEquals(created, again.Object));
        var fields = ManagedFields.Read(created).Single().Fields.ToFieldsV1().ToJsonString();
        Assert.Contains("\"f:versions\":{}", fields, StringComparison.Ordinal);
        Assert.Contains("\"f:names\":{\"f:kind\":{}", fields, StringComparison.Ordinal);
        Assert.Equal(".spec.versions", Assert.Single(other.Conflicts).Field);
    }
}
