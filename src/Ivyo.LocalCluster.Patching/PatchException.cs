namespace Ivyo.LocalCluster.Patching;

/// <summary>A patch that Kubernetes would reject; <see cref="Kind"/> is the HTTP status and <see cref="Exception.Message"/> the Status message.</summary>
public sealed class PatchException : Exception
{
    public PatchException()
        : this(PatchErrorKind.BadRequest, "invalid patch")
    {
    }

    public PatchException(string message)
        : this(PatchErrorKind.BadRequest, message)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = PatchErrorKind.BadRequest;
    }

    public PatchException(PatchErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public PatchErrorKind Kind { get; }

    /// <summary>The HTTP status code the API server answers with.</summary>
    public int StatusCode => (int)Kind;
}
