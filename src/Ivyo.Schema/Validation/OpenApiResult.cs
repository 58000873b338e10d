namespace Ivyo.Schema.Validation;

/// <summary>
/// The errors of one OpenAPI validation step and its match count, which kube-openapi uses to pick the
/// most relevant failing branch of an anyOf or oneOf (k8s.io/kube-openapi/pkg/validation/validate/result.go).
/// </summary>
internal sealed class OpenApiResult
{
    public List<FieldError> Errors { get; } = [];

    public int MatchCount { get; private set; }

    public bool IsValid => Errors.Count == 0;

    public void Inc() => MatchCount++;

    /// <summary>Adds an error unless one with the same message is already there, as kube-openapi's Result.AddErrors does.</summary>
    public void Add(FieldError error)
    {
        if (!Errors.Any(e => e.Message == error.Message))
        {
            Errors.Add(error);
        }
    }

    public void Merge(OpenApiResult? other)
    {
        if (other is null)
        {
            return;
        }

        foreach (var error in other.Errors)
        {
            Add(error);
        }

        MatchCount += other.MatchCount;
    }
}
