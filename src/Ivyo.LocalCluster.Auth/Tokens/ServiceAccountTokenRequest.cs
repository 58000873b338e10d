namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// What a TokenRequest asks for: the ServiceAccount (name and uid, as stored), the audiences
/// (empty: the API server's own, the issuer), the lifetime (null: Kubernetes' default of one hour) and
/// the pod or Secret the token is bound to.
/// </summary>
public sealed record ServiceAccountTokenRequest(
    string Namespace,
    string ServiceAccountName,
    string ServiceAccountUid,
    IReadOnlyList<string>? Audiences = null,
    TimeSpan? Expiration = null,
    BoundObjectReference? Pod = null,
    BoundObjectReference? Secret = null);
