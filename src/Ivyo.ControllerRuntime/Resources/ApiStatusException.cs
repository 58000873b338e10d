using System.Net;

namespace Ivyo.ControllerRuntime.Resources;

/// <summary>
/// A failed API call: the HTTP status (or the code of a watch's ERROR event) and the Kubernetes <c>Status</c>'s reason
/// and message, as client-go's <c>apierrors.StatusError</c> carries them. 410 Gone with reason <c>Expired</c>
/// means the requested resourceVersion is older than the server's history.
/// </summary>
public sealed class ApiStatusException : Exception
{
    /// <summary>Creates the exception for a Status.</summary>
    public ApiStatusException(int code, string reason, string message)
        : base($"{code} {reason}: {message}")
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>Creates the exception without a Status.</summary>
    public ApiStatusException()
        : this(0, "", "")
    {
    }

    /// <summary>Creates the exception with just a message.</summary>
    public ApiStatusException(string message)
        : base(message)
    {
        Reason = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ApiStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "";
    }

    /// <summary>The HTTP status code, or the Status's <c>code</c>.</summary>
    public int Code { get; }

    /// <summary>The Status's <c>reason</c>, such as <c>Expired</c>, <c>NotFound</c>, <c>Conflict</c>.</summary>
    public string Reason { get; }

    /// <summary>Whether the resourceVersion asked for is too old (410 Gone): the caller must list again.</summary>
    public bool IsGone => Code == (int)HttpStatusCode.Gone;
}
