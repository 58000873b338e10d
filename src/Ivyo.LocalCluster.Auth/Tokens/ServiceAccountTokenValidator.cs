using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Kubernetes' ServiceAccount token authenticator: checks the signature against the cluster's keys,
/// the issuer, then for bound tokens the audiences and exp/nbf/iat, for both kinds the claims, and
/// through <see cref="IServiceAccountTokenObjects"/> that the ServiceAccount (and the bound pod or
/// Secret, or the legacy token's Secret) still exists with the same uid. The user is
/// <c>system:serviceaccount:NS:NAME</c> in <c>system:serviceaccounts</c>,
/// <c>system:serviceaccounts:NS</c> and <c>system:authenticated</c>, with the ServiceAccount's uid.
/// </summary>
public sealed class ServiceAccountTokenValidator(
    IReadOnlyList<ServiceAccountKey> keys,
    IServiceAccountTokenObjects objects,
    TimeProvider time,
    ServiceAccountTokenSettings? settings = null)
{
    private readonly ServiceAccountTokenSettings _settings = settings ?? ServiceAccountTokenSettings.Default;

    public ServiceAccountTokenValidation Validate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (JsonWebToken.TryDecode(token) is not { } jwt)
        {
            return ServiceAccountTokenValidation.Invalid("not a JWT");
        }

        var kid = Text(jwt.Header, "kid");
        var candidates = keys.Where(k => kid is null || k.KeyId == kid).ToList();
        if (!candidates.Exists(jwt.IsSignedBy))
        {
            return ServiceAccountTokenValidation.Invalid("invalid signature");
        }

        var issuer = Text(jwt.Payload, "iss");
        if (issuer == _settings.Issuer)
        {
            return ValidateBound(jwt.Payload);
        }

        if (issuer == ServiceAccountTokenClaims.LegacyIssuer && _settings.AcceptLegacyTokens)
        {
            return ValidateLegacy(jwt.Payload, token);
        }

        return ServiceAccountTokenValidation.Invalid($"unknown issuer {GoQuote.Quote(issuer ?? "")}");
    }

    private ServiceAccountTokenValidation ValidateBound(JsonObject payload)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var leeway = (long)_settings.Leeway.TotalSeconds;
        if (Seconds(payload, "exp") is not { } exp)
        {
            return ServiceAccountTokenValidation.Invalid("bound token has no exp");
        }

        if (now - leeway > exp)
        {
            return ServiceAccountTokenValidation.Invalid("service account token has expired");
        }

        if (Seconds(payload, "nbf") is { } nbf && now + leeway < nbf)
        {
            return ServiceAccountTokenValidation.Invalid("service account token is not valid yet");
        }

        if (Seconds(payload, "iat") is { } iat && now + leeway < iat)
        {
            return ServiceAccountTokenValidation.Invalid("service account token was issued in the future");
        }

        var audiences = Audiences(payload);
        var accepted = _settings.ApiAudiences.Where(a => audiences.Contains(a, StringComparer.Ordinal)).ToList();
        if (accepted.Count == 0)
        {
            return ServiceAccountTokenValidation.Invalid(
                $"token audiences [{string.Join(" ", audiences.Select(GoQuote.Quote))}] is invalid for the target audiences [{string.Join(" ", _settings.ApiAudiences.Select(GoQuote.Quote))}]");
        }

        if (payload[ServiceAccountTokenClaims.Kubernetes] is not JsonObject claims
            || Text(claims, "namespace") is not { Length: > 0 } ns
            || claims["serviceaccount"] is not JsonObject serviceAccount
            || Text(serviceAccount, "name") is not { Length: > 0 } name
            || Text(serviceAccount, "uid") is not { Length: > 0 } uid)
        {
            return ServiceAccountTokenValidation.Invalid("token has no kubernetes.io namespace and serviceaccount claims");
        }

        if (Text(payload, "sub") != KnownUsers.ServiceAccount(ns, name))
        {
            return ServiceAccountTokenValidation.Invalid("token subject does not match its serviceaccount claim");
        }

        if (objects.ServiceAccountUid(ns, name) is not { } currentUid)
        {
            return ServiceAccountTokenValidation.Invalid($"service account {ns}/{name} has been deleted");
        }

        if (currentUid != uid)
        {
            return ServiceAccountTokenValidation.Invalid($"service account UID ({currentUid}) does not match claim ({uid})");
        }

        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (claims["secret"] is JsonObject secret)
        {
            var secretName = Text(secret, "name") ?? "";
            var secretUid = Text(secret, "uid") ?? "";
            if (objects.SecretUid(ns, secretName) is not { } currentSecretUid)
            {
                return ServiceAccountTokenValidation.Invalid($"secret {ns}/{secretName} has been deleted");
            }

            if (currentSecretUid != secretUid)
            {
                return ServiceAccountTokenValidation.Invalid($"secret UID ({currentSecretUid}) does not match service account secret ref claim ({secretUid})");
            }
        }

        if (claims["pod"] is JsonObject pod)
        {
            var podName = Text(pod, "name") ?? "";
            var podUid = Text(pod, "uid") ?? "";
            if (objects.PodUid(ns, podName) is not { } currentPodUid)
            {
                return ServiceAccountTokenValidation.Invalid($"pod {ns}/{podName} has been deleted");
            }

            if (currentPodUid != podUid)
            {
                return ServiceAccountTokenValidation.Invalid($"pod UID ({currentPodUid}) does not match service account pod ref claim ({podUid})");
            }

            extra[ServiceAccountTokenClaims.ExtraPodName] = [podName];
            extra[ServiceAccountTokenClaims.ExtraPodUid] = [podUid];
        }

        if (Text(payload, "jti") is { Length: > 0 } jti)
        {
            extra[ServiceAccountTokenClaims.ExtraCredentialId] = ["JTI=" + jti];
        }

        return ServiceAccountTokenValidation.Valid(User(ns, name, uid, extra.Count > 0 ? extra : null), accepted);
    }

    private ServiceAccountTokenValidation ValidateLegacy(JsonObject payload, string token)
    {
        if (Text(payload, ServiceAccountTokenClaims.LegacyNamespace) is not { Length: > 0 } ns
            || Text(payload, ServiceAccountTokenClaims.LegacyServiceAccountName) is not { Length: > 0 } name
            || Text(payload, ServiceAccountTokenClaims.LegacyServiceAccountUid) is not { Length: > 0 } uid
            || Text(payload, ServiceAccountTokenClaims.LegacySecretName) is not { Length: > 0 } secretName)
        {
            return ServiceAccountTokenValidation.Invalid("legacy token lacks its kubernetes.io/serviceaccount claims");
        }

        if (Text(payload, "sub") != KnownUsers.ServiceAccount(ns, name))
        {
            return ServiceAccountTokenValidation.Invalid("token subject does not match its service-account.name claim");
        }

        var stored = objects.LegacySecretToken(ns, secretName);
        if (stored is null)
        {
            return ServiceAccountTokenValidation.Invalid("Token has been invalidated");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(token)))
        {
            return ServiceAccountTokenValidation.Invalid("Token does not match server's copy");
        }

        if (objects.ServiceAccountUid(ns, name) is not { } currentUid || currentUid != uid)
        {
            return ServiceAccountTokenValidation.Invalid("Token has been invalidated");
        }

        return ServiceAccountTokenValidation.Valid(User(ns, name, uid, null), _settings.ApiAudiences);
    }

    private static UserInfo User(string ns, string name, string uid, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra) => new(
        KnownUsers.ServiceAccount(ns, name),
        [KnownGroups.ServiceAccounts, KnownGroups.ServiceAccountsIn(ns), KnownGroups.Authenticated],
        uid,
        extra);

    /// <summary><c>aud</c> is a string or an array of strings (RFC 7519).</summary>
    private static List<string> Audiences(JsonObject payload) => payload["aud"] switch
    {
        JsonArray array => [.. array.Where(a => a?.GetValueKind() == JsonValueKind.String).Select(a => a!.GetValue<string>())],
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? Seconds(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var seconds)
            ? seconds
            : null;
}
