namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The validator's configuration: the issuer it accepts bound tokens from, the API audiences
/// (--api-audiences, by default the issuer), whether legacy Secret tokens are accepted, and the
/// clock leeway applied to exp/nbf/iat (go-jose's default, one minute).
/// </summary>
public sealed record ServiceAccountTokenSettings(
    string Issuer,
    IReadOnlyList<string> ApiAudiences,
    bool AcceptLegacyTokens,
    TimeSpan Leeway)
{
    public static ServiceAccountTokenSettings Default =>
        new(ServiceAccountTokenClaims.DefaultIssuer, [ServiceAccountTokenClaims.DefaultIssuer], true, TimeSpan.FromMinutes(1));
}
