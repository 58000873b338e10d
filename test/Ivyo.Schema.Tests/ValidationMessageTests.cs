using System.Text.Json.Nodes;
using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

/// <summary>Error messages exactly as the API server words them.</summary>
public sealed class ValidationMessageTests
{
    private static IReadOnlyList<string> Errors(JsonNode obj) =>
        CustomResourceValidator.Validate(obj, Schemas.Cluster, FieldValidation.Strict).Messages;

    private static void AssertErrors(string specFields, params string[] expected) =>
        Assert.Equal(expected, Errors(Schemas.ClusterObject(specFields)));

    [Fact]
    public void A_valid_object_has_no_errors()
    {
        var result = CustomResourceValidator.Validate(Schemas.ClusterObject("minAvailable: 50%\nlimits: {cpu: 500m, memory: 1}"), Schemas.Cluster, FieldValidation.Strict);
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Missing_required_field()
    {
        var obj = Schemas.ClusterObject();
        ((JsonObject)obj["spec"]!).Remove("postgresVersion");
        Assert.Equal(
            ["spec.postgresVersion: Required value",
             "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"],
            Errors(obj));
    }

    [Fact]
    public void Below_minimum() =>
        AssertErrors("port: 80", "spec.port: Invalid value: 80: spec.port in body should be greater than or equal to 1024");

    [Fact]
    public void Above_maximum()
    {
        var obj = Schemas.ClusterObject();
        obj["spec"]!["postgresVersion"] = 19;
        Assert.Equal(["spec.postgresVersion: Invalid value: 19: spec.postgresVersion in body should be less than or equal to 18"], Errors(obj));
    }

    [Fact]
    public void Float_above_maximum_prints_go_floats() =>
        AssertErrors("ratio: 3.75", "spec.ratio: Invalid value: 3.75: spec.ratio in body should be less than or equal to 2.5");

    [Fact]
    public void Unsupported_enum_value() =>
        AssertErrors(
            "imagePullPolicy: Sometimes",
            "spec.imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\", \"IfNotPresent\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    [Fact]
    public void Pattern_mismatch() =>
        AssertErrors(
            "backups: {pgbackrest: {repos: [{name: bad}]}}",
            "spec.backups.pgbackrest.repos[0].name: Invalid value: \"bad\": spec.backups.pgbackrest.repos[0].name in body should match '^repo[1-4]'");

    [Fact]
    public void Wrong_type_names_the_json_type()
    {
        var obj = Schemas.ClusterObject("port: \"string\"");
        Assert.Equal("spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\"", Errors(obj)[0]);
        Assert.Equal(
            "spec.postgresVersion: Invalid value: \"number\": spec.postgresVersion in body must be of type integer: \"number\"",
            Errors(Schemas.ClusterObject().Also(o => o["spec"]!["postgresVersion"] = 15.5))[0]);
        Assert.Equal(
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer: \"boolean\"",
            Errors(Schemas.ClusterObject("port: true"))[0]);
    }

    [Fact]
    public void An_integral_float_is_an_integer() =>
        Assert.Empty(Errors(Schemas.Object("""
            apiVersion: v1
            kind: SampleCluster
            spec: {postgresVersion: 16.0, instances: [{name: a}]}
            """)));

    [Fact]
    public void Too_few_items() =>
        AssertErrors("instances: []", "spec.instances: Invalid value: 0: spec.instances in body should have at least 1 items");

    [Fact]
    public void Too_many_items_is_too_many() =>
        AssertErrors(
            "instances: [{name: a}, {name: b}, {name: c}, {name: d}]",
            "spec.instances: Too many: 4: must have at most 3 items",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    [Fact]
    public void String_too_short() =>
        AssertErrors("name: ab", "spec.name: Invalid value: \"ab\": spec.name in body should be at least 3 chars long");

    [Fact]
    public void String_too_long_is_too_long_in_bytes_wording() =>
        AssertErrors(
            "name: abcdef",
            "spec.name: Too long: may not be more than 5 bytes",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    [Fact]
    public void String_length_counts_runes() => AssertErrors("name: ééé");

    [Fact]
    public void Duplicate_list_map_keys()
    {
        AssertErrors("instances: [{name: a}, {name: a}]", "spec.instances[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}");
        AssertErrors(
            "ports: [{containerPort: 80}, {containerPort: 80, protocol: TCP}, {containerPort: 80, protocol: UDP}]",
            "spec.ports[1]: Duplicate value: map[string]interface {}{\"containerPort\":80, \"protocol\":\"TCP\"}");
    }

    [Fact]
    public void Duplicate_set_items() =>
        AssertErrors("tags: [x, z, x, x]", "spec.tags[2]: Duplicate value: \"x\"");

    [Fact]
    public void Int_or_string_accepts_both_and_reports_other_types_like_kube_openapi()
    {
        AssertErrors("minAvailable: 1");
        AssertErrors("minAvailable: 50%");
        AssertErrors(
            "minAvailable: true",
            "spec.minAvailable: Invalid value: \"boolean\": spec.minAvailable in body must be of type integer,string: \"boolean\"",
            "<nil>: Invalid value: \"\": \"spec.minAvailable\" must validate at least one schema (anyOf)",
            "spec.minAvailable: Invalid value: \"boolean\": spec.minAvailable in body must be of type integer: \"boolean\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
    }

    [Fact]
    public void Quantities_must_match_the_pattern()
    {
        AssertErrors("limits: {cpu: 500m, memory: 1Gi, pods: 10}");
        Assert.Equal(
            "spec.limits.cpu: Invalid value: \"lots\": spec.limits.cpu in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'",
            Assert.Single(Errors(Schemas.ClusterObject("limits: {cpu: lots}"))));
    }

    [Fact]
    public void Date_time_format_is_checked() =>
        AssertErrors(
            "createdAt: yesterday",
            "spec.createdAt: Invalid value: \"yesterday\": spec.createdAt in body must be of type date-time: \"yesterday\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    [Fact]
    public void All_errors_are_collected()
    {
        var errors = Errors(Schemas.ClusterObject("port: 80\nname: ab\nbackups: {pgbackrest: {repos: [{name: bad}, {name: worse}]}}"));
        Assert.Equal(4, errors.Count);
        Assert.Contains("spec.backups.pgbackrest.repos[1].name: Invalid value: \"worse\": spec.backups.pgbackrest.repos[1].name in body should match '^repo[1-4]'", errors);
    }

    [Fact]
    public void Errors_carry_type_field_value_and_detail()
    {
        var error = Assert.Single(CustomResourceValidator.Validate(Schemas.ClusterObject("port: 80"), Schemas.Cluster, FieldValidation.Strict).Errors);
        Assert.Equal(FieldErrorType.Invalid, error.Type);
        Assert.Equal("spec.port", error.Field);
        Assert.Equal("80", error.Value);
        Assert.Equal("spec.port in body should be greater than or equal to 1024", error.Detail);
        Assert.Equal("Invalid value: 80: spec.port in body should be greater than or equal to 1024", error.Body);
    }

    [Fact]
    public void The_input_is_not_changed()
    {
        var obj = Schemas.ClusterObject("foo: bar\nimagePullPolicy: null");
        var before = obj.ToJsonString();
        var result = CustomResourceValidator.Validate(obj, Schemas.Cluster, FieldValidation.Ignore);
        Assert.Equal(before, obj.ToJsonString());
        Assert.NotSame(obj, result.Object);
    }
}
