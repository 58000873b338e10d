using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Signs ServiceAccount tokens with the cluster's key: bound tokens as the TokenRequest API makes
/// them (iss, aud, sub, exp/iat/nbf, jti and the <c>kubernetes.io</c> claim) and legacy Secret-based
/// tokens (the <c>kubernetes.io/serviceaccount/*</c> claims, no expiry).
/// </summary>
public sealed class ServiceAccountTokenIssuer(ServiceAccountKey key, TimeProvider time, string issuer = ServiceAccountTokenClaims.DefaultIssuer)
{
    /// <summary>TokenRequest's default expirationSeconds.</summary>
    public static TimeSpan DefaultExpiration { get; } = TimeSpan.FromHours(1);

    public IssuedServiceAccountToken Issue(ServiceAccountTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var expiration = DateTimeOffset.FromUnixTimeSeconds(seconds + (long)(request.Expiration ?? DefaultExpiration).TotalSeconds);
        var audiences = request.Audiences is { Count: > 0 } requested ? requested : [issuer];

        var kubernetes = new JsonObject
        {
            ["namespace"] = request.Namespace,
        };
        if (request.Pod is { } pod)
        {
            kubernetes["pod"] = Reference(pod);
        }

        if (request.Secret is { } secret)
        {
            kubernetes["secret"] = Reference(secret);
        }

        kubernetes["serviceaccount"] = Reference(new BoundObjectReference(request.ServiceAccountName, request.ServiceAccountUid));

        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["exp"] = expiration.ToUnixTimeSeconds(),
            ["iat"] = seconds,
            ["iss"] = issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            [ServiceAccountTokenClaims.Kubernetes] = kubernetes,
            ["nbf"] = seconds,
            ["sub"] = KnownUsers.ServiceAccount(request.Namespace, request.ServiceAccountName),
        };
        return new IssuedServiceAccountToken(JsonWebToken.Encode(payload, key), expiration);
    }

    /// <summary>The token the legacy token controller writes into a kubernetes.io/service-account-token Secret.</summary>
    public string IssueLegacy(string @namespace, string serviceAccountName, string serviceAccountUid, string secretName)
    {
        var payload = new JsonObject
        {
            ["iss"] = ServiceAccountTokenClaims.LegacyIssuer,
            [ServiceAccountTokenClaims.LegacyNamespace] = @namespace,
            [ServiceAccountTokenClaims.LegacySecretName] = secretName,
            [ServiceAccountTokenClaims.LegacyServiceAccountName] = serviceAccountName,
            [ServiceAccountTokenClaims.LegacyServiceAccountUid] = serviceAccountUid,
            ["sub"] = KnownUsers.ServiceAccount(@namespace, serviceAccountName),
        };
        return JsonWebToken.Encode(payload, key);
    }

    private static JsonObject Reference(BoundObjectReference reference) => new()
    {
        ["name"] = reference.Name,
        ["uid"] = reference.Uid,
    };
}
