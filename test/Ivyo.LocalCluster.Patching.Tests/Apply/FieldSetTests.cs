using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Patching.Apply;

namespace Ivyo.LocalCluster.Patching.Tests.Apply;

public sealed class FieldSetTests
{
    // The managedFields of the ConfigMap in the Kubernetes "Server-Side Apply" documentation.
    private const string DocsConfigMapFields = """{"f:metadata":{"f:labels":{"f:test-label":{}}},"f:data":{"f:key":{}}}""";

    // fieldsV1 of `kubectl apply --server-side` of the nginx Deployment of the Kubernetes documentation
    // (LabelSelector is +structType=atomic; ports are keyed by containerPort and the defaulted protocol).
    private const string DeploymentApplyFields = """
        {"f:metadata":{"f:labels":{"f:app":{}}},
         "f:spec":{"f:replicas":{},"f:selector":{},
           "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{
               ".":{},"f:image":{},"f:name":{},
               "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
        """;

    private const string DeploymentManifest = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"nginx-deployment","labels":{"app":"nginx"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
           "template":{"metadata":{"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.14.2","ports":[{"containerPort":80}]}]}}}}
        """;

    [Fact]
    public void Docs_configmap_fields_round_trip()
    {
        var set = FieldSet.FromFieldsV1((JsonObject)JsonAssert.Parse(DocsConfigMapFields));
        Assert.True(set.Contains(["f:data", "f:key"]));
        Assert.True(set.Contains(["f:metadata", "f:labels", "f:test-label"]));
        Assert.False(set.Contains(["f:data"]));
        JsonAssert.Equal(DocsConfigMapFields, set.ToFieldsV1());
    }

    [Fact]
    public void Configmap_apply_fields_match_the_docs()
    {
        var configMap = (JsonObject)JsonAssert.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"test-cm","namespace":"default","labels":{"test-label":"test"}},"data":{"key":"some value"}}
            """);
        var fields = ManagedFields.Strip(StructuredValues.FieldsOf(configMap, BuiltInListTypes.For("v1", "ConfigMap")!));
        JsonAssert.Equal(DocsConfigMapFields, fields.ToFieldsV1());
    }

    [Fact]
    public void Deployment_apply_fields_match_kubernetes()
    {
        var fields = ManagedFields.Strip(StructuredValues.FieldsOf(
            (JsonObject)JsonAssert.Parse(DeploymentManifest), BuiltInListTypes.For("apps/v1", "Deployment")!));
        JsonAssert.SameText(DeploymentApplyFields, fields.ToFieldsV1());
        Assert.True(fields.Contains(["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}"]));
    }

    [Fact]
    public void Decoding_canonicalizes_keys_and_reads_dot_members()
    {
        var set = FieldSet.FromFieldsV1((JsonObject)JsonAssert.Parse("""
            {"f:ports":{".":{},"k:{ \"protocol\": \"TCP\", \"containerPort\": 80 }":{".":{},"f:containerPort":{}}},"f:finalizers":{"v:\"a\"":{}},"f:args":{"i:10":{},"i:2":{}}}
            """));
        Assert.True(set.Contains(["f:ports"]));
        Assert.True(set.Contains(["f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"]));
        Assert.True(set.Contains(["f:finalizers", "v:\"a\""]));
        JsonAssert.SameText(
            """{"f:args":{"i:2":{},"i:10":{}},"f:finalizers":{"v:\"a\"":{}},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}""",
            set.ToFieldsV1());
    }

    [Fact]
    public void Set_operations()
    {
        var a = FieldSet.FromPaths([["f:a"], ["f:b", "f:c"], ["f:b", "f:d"]]);
        var b = FieldSet.FromPaths([["f:b", "f:c"], ["f:e"]]);
        JsonAssert.Equal("""{"f:b":{"f:c":{}}}""", a.Intersect(b).ToFieldsV1());
        JsonAssert.Equal("""{"f:a":{},"f:b":{"f:d":{}}}""", a.Difference(b).ToFieldsV1());
        JsonAssert.Equal("""{"f:a":{},"f:b":{"f:c":{},"f:d":{}},"f:e":{}}""", a.Union(b).ToFieldsV1());
        Assert.True(a.Difference(a).IsEmpty);
    }

    [Theory]
    [InlineData(new[] { "f:data", "f:key" }, ".data.key")]
    [InlineData(new[] { "f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:image" }, ".spec.containers[name=\"nginx\"].image")]
    [InlineData(new[] { "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}" }, ".ports[containerPort=80,protocol=\"TCP\"]")]
    [InlineData(new[] { "f:metadata", "f:finalizers", "v:\"x\"" }, ".metadata.finalizers[=\"x\"]")]
    [InlineData(new[] { "f:args", "i:0" }, ".args[0]")]
    public void Paths_print_like_kubernetes(string[] path, string expected) =>
        Assert.Equal(expected, PathElements.Format(path));
}
