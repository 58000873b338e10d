using System.Text.Json.Nodes;
using Ivyo.Schema.Cel;
using Ivyo.Schema.Defaulting;
using Ivyo.Schema.Pruning;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Validation;

/// <summary>
/// Validates custom resources against a CRD version's <c>openAPIV3Schema</c> the way the API server handles a create:
/// unknown fields are pruned (and reported according to <see cref="FieldValidation"/>), nulls are dropped and defaults
/// applied, then the OpenAPI value validations, the list-type invariants and the CEL rules run. The CEL rules are
/// skipped, with Kubernetes' "some validation rules were not checked" error, when an earlier error is of a blocking
/// type (required, unsupported value, too long, too many, wrong type). The caller's object is never changed.
/// An instance caches compiled patterns and rules and may be shared between threads.
/// </summary>
public sealed class CustomResourceValidator
{
    private readonly V1JSONSchemaProps _schema;
    private readonly CelRuleValidator _cel = new();
    private readonly OpenApiSchemaValidator _openApi = new();

    public CustomResourceValidator(V1JSONSchemaProps schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = SchemaNormalizer.Normalize(schema);
    }

    /// <summary>Validates <paramref name="obj"/> against <paramref name="schema"/>; see <see cref="Validate(JsonNode?, FieldValidation, JsonNode?)"/>.</summary>
    public static ValidationResult Validate(JsonNode? obj, V1JSONSchemaProps schema, FieldValidation fieldValidation, JsonNode? oldObj = null) =>
        new CustomResourceValidator(schema).Validate(obj, fieldValidation, oldObj);

    /// <summary>
    /// Prunes, defaults and validates a copy of a whole custom resource.
    /// </summary>
    /// <param name="obj">The resource as decoded JSON (not changed).</param>
    /// <param name="fieldValidation">How fields the schema does not declare are reported.</param>
    /// <param name="oldObj">The stored object for an update, enabling transition rules that use <c>oldSelf</c>.</param>
    public ValidationResult Validate(JsonNode? obj, FieldValidation fieldValidation = FieldValidation.Strict, JsonNode? oldObj = null)
    {
        var copy = obj?.DeepClone();
        var pruned = Pruner.Prune(copy, _schema, isResourceRoot: true);
        NullPruner.Prune(copy, _schema);
        Defaulter.Apply(copy, _schema);

        JsonNode? oldCopy = null;
        if (oldObj is not null)
        {
            oldCopy = oldObj.DeepClone();
            Pruner.Prune(oldCopy, _schema, isResourceRoot: true);
            NullPruner.Prune(oldCopy, _schema);
            Defaulter.Apply(oldCopy, _schema);
        }

        var errors = new List<FieldError>();
        var warnings = new List<string>();
        foreach (var path in pruned)
        {
            var unknown = FieldError.UnknownField(path);
            switch (fieldValidation)
            {
                case FieldValidation.Strict:
                    errors.Add(unknown);
                    break;
                case FieldValidation.Warn:
                    warnings.Add(unknown.Message);
                    break;
            }
        }

        var schemaErrors = new List<FieldError>();
        schemaErrors.AddRange(_openApi.Validate(copy, _schema));
        schemaErrors.AddRange(ListTypeValidator.Validate(copy, _schema, FieldPath.Root));
        errors.AddRange(schemaErrors);

        if (schemaErrors.Any(e => e.BlocksCelRules))
        {
            // customresource strategy hasBlockingErr
            errors.Add(FieldError.Invalid(FieldPath.Root, null, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
        }
        else
        {
            errors.AddRange(_cel.Validate(copy, oldCopy, _schema, FieldPath.Root, isResourceRoot: true));
        }

        // The API server reports an error list through field.ErrorList.ToAggregate, which drops repeated messages.
        var distinct = errors.DistinctBy(e => e.Message, StringComparer.Ordinal).ToList();
        return new ValidationResult(distinct, warnings, copy, pruned);
    }
}
