namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// How the API server reports a failed patch; each value is the HTTP status code Kubernetes answers with.
/// </summary>
public enum PatchErrorKind
{
    /// <summary>400: the patch could not be decoded or has a malformed directive.</summary>
    BadRequest = 400,

    /// <summary>409: the <c>metadata.resourceVersion</c> precondition did not match the stored object.</summary>
    Conflict = 409,

    /// <summary>413: a JSON patch with more operations than Kubernetes allows.</summary>
    RequestEntityTooLarge = 413,

    /// <summary>415: the patch type is not accepted for the resource (strategic merge patch on a custom resource).</summary>
    UnsupportedMediaType = 415,

    /// <summary>422: the patch is well formed but cannot be applied (failed JSON patch operation, list of lists, ...).</summary>
    UnprocessableEntity = 422,

    /// <summary>500: Kubernetes returns the raw strategic merge patch error (for example a missing merge key) as an internal error.</summary>
    InternalError = 500,
}
