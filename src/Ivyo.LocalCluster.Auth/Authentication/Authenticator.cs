using System.Security.Cryptography.X509Certificates;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Kubernetes' request authentication chain: the client certificate first (a certificate without a CN
/// is passed over), then an <c>Authorization: Bearer</c> token; a token that fails validation is a 401
/// even though anonymous access is enabled (the union fails on error), and a request without
/// credentials is <c>system:anonymous</c> (or a 401 when <paramref name="allowAnonymous"/> is false).
/// A header of another scheme (Basic) or an empty bearer token is not a credential, as in Kubernetes.
/// </summary>
public sealed class Authenticator(
    ClientCertificateAuthenticator certificates,
    ServiceAccountTokenValidator tokens,
    bool allowAnonymous = true)
{
    public AuthenticationResult Authenticate(X509Certificate2? clientCertificate, string? authorizationHeader)
    {
        if (clientCertificate is not null && certificates.Authenticate(clientCertificate) is { } certificateUser)
        {
            return AuthenticationResult.Authenticated(certificateUser, AuthenticationMethod.ClientCertificate);
        }

        if (BearerToken(authorizationHeader) is { } token)
        {
            var validated = tokens.Validate(token);
            return validated.User is { } tokenUser
                ? AuthenticationResult.Authenticated(tokenUser, AuthenticationMethod.ServiceAccountToken, validated.Audiences)
                : AuthenticationResult.Unauthorized(validated.Error ?? "invalid bearer token");
        }

        return allowAnonymous ? AuthenticationResult.Anonymous() : AuthenticationResult.Unauthorized("no credentials");
    }

    /// <summary>
    /// As Kubernetes' bearertoken authenticator: the trimmed header is "Bearer" (any case), one space, the
    /// token; an empty token (as in "Bearer  x") is, since Kubernetes 1.26 or so, no credential (with a warning).
    /// </summary>
    private static string? BearerToken(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var parts = header.Trim().Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts[1].Length > 0 ? parts[1] : null;
    }
}
