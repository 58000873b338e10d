using Ivyo.Schema.Generation;
using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

/// <summary>Validation against a schema generated from C# types.</summary>
public sealed class GeneratedSchemaValidationTests
{
    private static readonly CustomResourceValidator Validator = new(new CrdBuilder().RootSchema(typeof(SampleCluster)));

    private static IReadOnlyList<string> Errors(string specFields) =>
        Validator.Validate(Schemas.WithSpec("""
            apiVersion: ivyo.example.org/v1beta1
            kind: SampleCluster
            metadata: {name: hippo}
            spec:
              postgresVersion: 16
              instances: [{name: a}]
            """, specFields), FieldValidation.Strict).Messages;

    [Fact]
    public void A_valid_object_passes_and_is_defaulted()
    {
        var result = Validator.Validate(Schemas.ClusterObject("requests: {storage: 1Gi}\ncustomTLSSecret: {name: tls, items: [{key: a, path: b}]}"), FieldValidation.Strict);
        Assert.Empty(result.Errors);
        Assert.Equal(5432, result.Object!["spec"]!["port"]!.GetValue<long>());
        Assert.Equal(1, result.Object!["spec"]!["instances"]![0]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void Required_map_keys_are_reported() =>
        Assert.Equal(
            ["spec.requests.storage: Required value", "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"],
            Errors("requests: {cpu: 1}"));

    [Fact]
    public void Core_type_facts_are_enforced() =>
        Assert.Contains("spec.customTLSSecret.items[0].path: Required value", Errors("customTLSSecret: {items: [{key: a}]}"));

    [Fact]
    public void Class_level_rules_run() =>
        Assert.Equal(
            ["spec: Invalid value: \"object\": at most four instance sets"],
            Errors("instances: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]"));
}
