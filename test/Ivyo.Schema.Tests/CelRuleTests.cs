using System.Text.Json.Nodes;
using Ivyo.Schema.Validation;

namespace Ivyo.Schema.Tests;

public sealed class CelRuleTests
{
    private const string Blocked = "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    private static k8s.Models.V1JSONSchemaProps Schema(string rules, string itemRules = "[]") => Schemas.Root($$"""
        type: object
        required: [postgresVersion]
        x-kubernetes-validations: {{rules}}
        properties:
          postgresVersion: {type: integer, minimum: 10}
          port: {type: integer, default: 5432}
          x-mode: {type: string}
          createdAt: {type: string, format: date-time}
          instances:
            type: array
            items:
              type: object
              x-kubernetes-validations: {{itemRules}}
              properties:
                name: {type: string}
        """);

    private static IReadOnlyList<string> Errors(k8s.Models.V1JSONSchemaProps schema, string specFields = "", JsonNode? old = null) =>
        CustomResourceValidator.Validate(Spec(specFields), schema, FieldValidation.Strict, old).Messages;

    private static JsonNode Spec(string specFields) => Schemas.WithSpec("""
        apiVersion: v1
        kind: SampleCluster
        metadata: {name: hippo}
        spec:
          postgresVersion: 16
        """, specFields);

    [Fact]
    public void A_passing_rule_gives_no_error() =>
        Assert.Empty(Errors(Schema("[{rule: 'self.port != 5433', message: port 5433 is reserved}]")));

    [Fact]
    public void A_failing_rule_reports_its_message_with_the_node_type() =>
        Assert.Equal(["spec: Invalid value: \"object\": port 5433 is reserved"], Errors(Schema("[{rule: 'self.port != 5433', message: port 5433 is reserved}]"), "port: 5433"));

    [Fact]
    public void Without_a_message_the_rule_is_quoted() =>
        Assert.Equal(["spec: Invalid value: \"object\": failed rule: self.port != 5433"], Errors(Schema("[{rule: 'self.port != 5433'}]"), "port: 5433"));

    [Fact]
    public void Field_path_moves_the_error() =>
        Assert.Equal(["spec.port: Invalid value: \"object\": reserved"], Errors(Schema("[{rule: 'self.port != 5433', message: reserved, fieldPath: .port}]"), "port: 5433"));

    [Fact]
    public void Rules_see_defaults_and_escaped_names()
    {
        Assert.Equal(["spec: Invalid value: \"object\": default"], Errors(Schema("[{rule: 'self.port != 5432', message: default}]")));
        Assert.Empty(Errors(Schema("[{rule: \"self.x__dash__mode == 'fast'\"}]"), "x-mode: fast"));
    }

    [Fact]
    public void Rules_on_items_report_the_item_path() =>
        Assert.Equal(
            ["spec.instances[1]: Invalid value: \"object\": name is reserved"],
            Errors(Schema("[]", "[{rule: \"self.name != 'admin'\", message: name is reserved}]"), "instances: [{name: a}, {name: admin}]"));

    [Fact]
    public void Reason_chooses_the_error_type()
    {
        Assert.Equal(["spec: Forbidden: no"], Errors(Schema("[{rule: 'false', message: 'no', reason: FieldValueForbidden}]")));
        Assert.Equal(["spec: Required value: need it"], Errors(Schema("[{rule: 'false', message: need it, reason: FieldValueRequired}]")));
    }

    [Fact]
    public void Message_expressions_are_evaluated() =>
        Assert.Equal(
            ["spec: Invalid value: \"object\": port 5433 is reserved"],
            Errors(Schema("[{rule: 'self.port != 5433', messageExpression: \"'port ' + string(self.port) + ' is reserved'\"}]"), "port: 5433"));

    [Fact]
    public void A_rule_that_does_not_compile_is_an_error_naming_rule_and_path()
    {
        var error = Assert.Single(Errors(Schema("[{rule: 'self.port +'}]")));
        Assert.StartsWith("spec: Invalid value: \"object\": rule compile error: compilation failed for rule \"self.port +\": ", error, StringComparison.Ordinal);
        var unbound = Assert.Single(Errors(Schema("[{rule: 'noSuchFunction(self)'}]")));
        Assert.StartsWith("spec: Invalid value: \"object\": rule compile error: compilation failed for rule \"noSuchFunction(self)\"", unbound, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_error_names_the_missing_key() =>
        Assert.Equal(["spec: Invalid value: \"object\": no such key: missing evaluating rule: self.missing == 1"], Errors(Schema("[{rule: 'self.missing == 1'}]")));

    [Fact]
    public void Blocking_errors_skip_the_rules()
    {
        var obj = Spec("port: 5433");
        obj["spec"]!.AsObject().Remove("postgresVersion");
        var errors = CustomResourceValidator.Validate(obj, Schema("[{rule: 'self.port != 5433'}]"), FieldValidation.Strict).Messages;
        Assert.Equal(["spec.postgresVersion: Required value", Blocked], errors);
    }

    [Fact]
    public void Non_blocking_errors_do_not_skip_the_rules()
    {
        var obj = Spec("port: 5433");
        obj["spec"]!["postgresVersion"] = 9;
        var errors = CustomResourceValidator.Validate(obj, Schema("[{rule: 'self.port != 5433', message: reserved}]"), FieldValidation.Strict).Messages;
        Assert.Equal(["spec.postgresVersion: Invalid value: 9: spec.postgresVersion in body should be greater than or equal to 10", "spec: Invalid value: \"object\": reserved"], errors);
    }

    [Fact]
    public void Transition_rules_run_only_with_an_old_object()
    {
        var schema = Schema("[{rule: 'self.postgresVersion >= oldSelf.postgresVersion', message: cannot downgrade}]");
        Assert.Empty(Errors(schema));
        Assert.Equal(["spec: Invalid value: \"object\": cannot downgrade"], Errors(schema, old: Spec("postgresVersion: 17")));
        Assert.Empty(Errors(schema, old: Spec("postgresVersion: 15")));
    }

    [Fact]
    public void Root_rules_see_metadata_name_and_report_nil()
    {
        var schema = Schemas.Root("{type: object}");
        schema.XKubernetesValidations = [new k8s.Models.V1ValidationRule { Rule = "self.metadata.name.startsWith('z')", Message = "name must start with z" }];
        Assert.Equal(["<nil>: Invalid value: \"object\": name must start with z"], CustomResourceValidator.Validate(Spec(""), schema, FieldValidation.Ignore).Messages);
    }

    [Fact]
    public void Kubernetes_string_library_and_timestamps_are_available()
    {
        Assert.Empty(Errors(Schema("[{rule: \"self.x__dash__mode.lowerAscii() == 'fast' && self.x__dash__mode.split('A').size() == 2\"}]"), "x-mode: fAst"));
        Assert.Empty(Errors(Schema("[{rule: \"self.createdAt < timestamp('2030-01-01T00:00:00Z')\"}]"), "createdAt: 2024-05-01T10:00:00Z"));
    }
}
