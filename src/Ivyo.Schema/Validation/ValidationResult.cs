using System.Text.Json.Nodes;

namespace Ivyo.Schema.Validation;

/// <summary>The outcome of validating a custom resource.</summary>
/// <param name="Errors">All errors, in Kubernetes' wording.</param>
/// <param name="Warnings">Warnings, such as unknown fields under <see cref="FieldValidation.Warn"/>.</param>
/// <param name="Object">A copy of the input, pruned and defaulted as the API server would store it.</param>
/// <param name="PrunedFields">The paths of the fields that pruning removed, sorted.</param>
public sealed record ValidationResult(
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<string> Warnings,
    JsonNode? Object,
    IReadOnlyList<string> PrunedFields)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The error messages, one per error.</summary>
    public IReadOnlyList<string> Messages => Errors.Select(e => e.Message).ToList();
}
