using System.Text.Json.Nodes;
using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

public sealed class DefaultingTests
{
    private static JsonNode Spec(string fields = "") =>
        CustomResourceValidator.Validate(Schemas.ClusterObject(fields), Schemas.Cluster, FieldValidation.Strict).Object!["spec"]!;

    [Fact]
    public void Absent_fields_get_their_default()
    {
        Assert.Equal(5432, Spec()["port"]!.GetValue<long>());
        Assert.Equal(8080, Spec("port: 8080")["port"]!.GetValue<long>());
    }

    [Fact]
    public void Defaults_apply_inside_array_items_and_map_values()
    {
        var spec = Spec("instances: [{name: a}, {name: b, replicas: 3}]\nports: [{containerPort: 80}]\nusers: {alice: {}}");
        Assert.Equal(1, spec["instances"]![0]!["replicas"]!.GetValue<long>());
        Assert.Equal(3, spec["instances"]![1]!["replicas"]!.GetValue<long>());
        Assert.Equal("TCP", spec["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.False(spec["users"]!["alice"]!["superuser"]!.GetValue<bool>());
    }

    [Fact]
    public void Defaults_apply_inside_existing_objects_only()
    {
        Assert.False(Spec().AsObject().ContainsKey("patroni"));
        var patroni = Spec("patroni: {leaseSeconds: 15}")["patroni"]!;
        Assert.Equal(8008, patroni["port"]!.GetValue<long>());
        Assert.Equal(15, patroni["leaseSeconds"]!.GetValue<long>());
    }

    [Fact]
    public void A_defaulted_object_is_defaulted_inside()
    {
        Assert.Equal("ClusterIP", Spec()["service"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Nulls_are_defaulted_dropped_or_kept_as_kubernetes_does()
    {
        var spec = Spec("port: null\nimagePullPolicy: null\nnote: null").AsObject();
        Assert.Equal(5432, spec["port"]!.GetValue<long>());
        Assert.False(spec.ContainsKey("imagePullPolicy"));
        Assert.True(spec.ContainsKey("note"));
        Assert.Null(spec["note"]);
    }

    [Fact]
    public void Defaulted_values_are_validated_and_copied()
    {
        var result = CustomResourceValidator.Validate(Schemas.ClusterObject("instances: [{name: a}, {name: b}]"), Schemas.Cluster, FieldValidation.Strict);
        Assert.Empty(result.Errors);
        result.Object!["spec"]!["instances"]![0]!["replicas"] = 7;
        Assert.Equal(1, result.Object!["spec"]!["instances"]![1]!["replicas"]!.GetValue<long>());
    }
}
