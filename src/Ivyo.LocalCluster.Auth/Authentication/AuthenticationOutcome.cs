namespace Ivyo.LocalCluster.Auth;

/// <summary>How a request's credentials were judged.</summary>
public enum AuthenticationOutcome
{
    /// <summary>A client certificate or bearer token named the user; the request proceeds to authorization.</summary>
    Authenticated,

    /// <summary>No credentials: <c>system:anonymous</c>, which proceeds to authorization like any user.</summary>
    Anonymous,

    /// <summary>Credentials were presented and are invalid: answer 401 Unauthorized without authorizing.</summary>
    Unauthorized,
}
