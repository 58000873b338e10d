using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

public sealed class PruningTests
{
    private static readonly string Fields = "foo: 1\ninstances: [{name: a, bar: 2}]\nconfig: {anything: {goes: true}}\nusers: {alice: {superuser: true, extra: x}}";

    [Fact]
    public void Strict_reports_each_unknown_field_as_an_error()
    {
        var obj = Schemas.ClusterObject(Fields);
        obj["unexpected"] = "x";
        var result = CustomResourceValidator.Validate(obj, Schemas.Cluster, FieldValidation.Strict);
        Assert.Equal(
            ["unknown field \"spec.foo\"", "unknown field \"spec.instances[0].bar\"", "unknown field \"spec.users.alice.extra\"", "unknown field \"unexpected\""],
            result.Messages);
        Assert.All(result.Errors, e => Assert.Equal(FieldErrorType.UnknownField, e.Type));
        Assert.Equal(["spec.foo", "spec.instances[0].bar", "spec.users.alice.extra", "unexpected"], result.PrunedFields);
    }

    [Fact]
    public void Warn_reports_unknown_fields_as_warnings()
    {
        var result = CustomResourceValidator.Validate(Schemas.ClusterObject(Fields), Schemas.Cluster, FieldValidation.Warn);
        Assert.Empty(result.Errors);
        Assert.Equal(["unknown field \"spec.foo\"", "unknown field \"spec.instances[0].bar\"", "unknown field \"spec.users.alice.extra\""], result.Warnings);
    }

    [Fact]
    public void Ignore_drops_unknown_fields_silently()
    {
        var result = CustomResourceValidator.Validate(Schemas.ClusterObject(Fields), Schemas.Cluster, FieldValidation.Ignore);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var spec = result.Object!["spec"]!.AsObject();
        Assert.False(spec.ContainsKey("foo"));
        Assert.False(spec["instances"]![0]!.AsObject().ContainsKey("bar"));
        Assert.True(spec["users"]!["alice"]!["superuser"]!.GetValue<bool>());
    }

    [Fact]
    public void Preserved_fields_and_root_metadata_are_kept()
    {
        var obj = Schemas.ClusterObject(Fields);
        obj["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["app"] = "db" };
        var result = CustomResourceValidator.Validate(obj, Schemas.Cluster, FieldValidation.Ignore);
        Assert.True(result.Object!["spec"]!["config"]!["anything"]!["goes"]!.GetValue<bool>());
        Assert.Equal("db", result.Object!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("SampleCluster", result.Object!["kind"]!.GetValue<string>());
    }
}
