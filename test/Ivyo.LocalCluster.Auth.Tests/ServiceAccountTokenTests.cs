using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class ServiceAccountTokenTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceAccountKey _key = ServiceAccountKey.GenerateEcdsa();
    private readonly FixedTime _time = new(s_start);
    private readonly FakeTokenObjects _objects = new();

    public ServiceAccountTokenTests()
    {
        _objects.ServiceAccounts["db/patroni"] = "sa-uid";
        _objects.Pods["db/hippo-0"] = "pod-uid";
        _objects.Secrets["db/bound"] = "secret-uid";
    }

    public void Dispose() => _key.Dispose();

    private ServiceAccountTokenIssuer Issuer => new(_key, _time);

    private ServiceAccountTokenValidator Validator(ServiceAccountKey? key = null, ServiceAccountTokenSettings? settings = null) =>
        new([key ?? _key], _objects, _time, settings);

    private static ServiceAccountTokenRequest Request(BoundObjectReference? pod = null, IReadOnlyList<string>? audiences = null) =>
        new("db", "patroni", "sa-uid", audiences, null, pod);

    private static JsonObject Payload(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    private static JsonObject Header(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!.AsObject();

    [Fact]
    public void Bound_token_round_trips_to_the_service_account_user()
    {
        var issued = Issuer.Issue(Request(new BoundObjectReference("hippo-0", "pod-uid")));
        Assert.Equal(s_start.AddHours(1), issued.ExpirationTimestamp);

        var result = Validator().Validate(issued.Token);

        Assert.True(result.IsValid, result.Error);
        var user = result.User!;
        Assert.Equal("system:serviceaccount:db:patroni", user.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:db", "system:authenticated"], user.Groups);
        Assert.Equal("sa-uid", user.Uid);
        Assert.Equal(["hippo-0"], user.Extra![ServiceAccountTokenClaims.ExtraPodName]);
        Assert.Equal(["pod-uid"], user.Extra![ServiceAccountTokenClaims.ExtraPodUid]);
        Assert.StartsWith("JTI=", user.Extra![ServiceAccountTokenClaims.ExtraCredentialId][0], StringComparison.Ordinal);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], result.Audiences);
    }

    [Fact]
    public void Bound_token_has_the_TokenRequest_claims()
    {
        var token = Issuer.Issue(Request(new BoundObjectReference("hippo-0", "pod-uid"))).Token;
        var payload = Payload(token);
        var header = Header(token);

        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(_key.KeyId, (string?)header["kid"]);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)payload["iss"]);
        Assert.Equal("""["https://kubernetes.default.svc.cluster.local"]""", payload["aud"]!.ToJsonString());
        Assert.Equal("system:serviceaccount:db:patroni", (string?)payload["sub"]);
        Assert.Equal(s_start.ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal(s_start.ToUnixTimeSeconds(), (long)payload["nbf"]!);
        Assert.Equal(s_start.ToUnixTimeSeconds() + 3600, (long)payload["exp"]!);
        var kubernetes = payload["kubernetes.io"]!;
        Assert.Equal("db", (string?)kubernetes["namespace"]);
        Assert.Equal("patroni", (string?)kubernetes["serviceaccount"]!["name"]);
        Assert.Equal("sa-uid", (string?)kubernetes["serviceaccount"]!["uid"]);
        Assert.Equal("hippo-0", (string?)kubernetes["pod"]!["name"]);
        Assert.Equal("pod-uid", (string?)kubernetes["pod"]!["uid"]);
    }

    [Fact]
    public void Expired_token_is_rejected_after_the_leeway()
    {
        var token = Issuer.Issue(Request() with { Expiration = TimeSpan.FromMinutes(10) }).Token;
        _time.Now = s_start.AddMinutes(10).AddSeconds(30);
        Assert.True(Validator().Validate(token).IsValid);
        _time.Now = s_start.AddMinutes(12);
        var result = Validator().Validate(token);
        Assert.False(result.IsValid);
        Assert.Equal("service account token has expired", result.Error);
    }

    [Fact]
    public void Token_from_the_future_is_rejected()
    {
        var token = Issuer.Issue(Request()).Token;
        _time.Now = s_start.AddMinutes(-5);
        Assert.False(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Wrong_audience_is_rejected_and_a_matching_one_accepted()
    {
        var token = Issuer.Issue(Request(audiences: ["vault"])).Token;
        var result = Validator().Validate(token);
        Assert.False(result.IsValid);
        Assert.Contains("audiences", result.Error, StringComparison.Ordinal);

        var vault = ServiceAccountTokenSettings.Default with { ApiAudiences = ["vault", "other"] };
        var accepted = Validator(settings: vault).Validate(token);
        Assert.True(accepted.IsValid);
        Assert.Equal(["vault"], accepted.Audiences);
    }

    [Fact]
    public void Token_signed_by_another_key_is_rejected()
    {
        using var other = ServiceAccountKey.GenerateEcdsa();
        var token = new ServiceAccountTokenIssuer(other, _time).Issue(Request()).Token;
        var result = Validator().Validate(token);
        Assert.False(result.IsValid);
        Assert.Equal("invalid signature", result.Error);
    }

    [Fact]
    public void Tampered_payload_is_rejected()
    {
        var parts = Issuer.Issue(Request()).Token.Split('.');
        var payload = Payload(string.Join('.', parts));
        payload["sub"] = "system:serviceaccount:kube-system:admin";
        var forged = parts[0] + "." + Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
        Assert.False(Validator().Validate(forged).IsValid);
    }

    [Fact]
    public void Alg_none_and_garbage_are_rejected()
    {
        var parts = Issuer.Issue(Request()).Token.Split('.');
        var none = Base64Url.EncodeToString("""{"alg":"none"}"""u8) + "." + parts[1] + ".";
        Assert.False(Validator().Validate(none).IsValid);
        Assert.Equal("not a JWT", Validator().Validate("not-a-token").Error);
        Assert.False(Validator().Validate("a.b.c").IsValid);
    }

    [Fact]
    public void Token_of_another_issuer_is_rejected()
    {
        var token = new ServiceAccountTokenIssuer(_key, _time, "https://elsewhere").Issue(Request(audiences: ["https://kubernetes.default.svc.cluster.local"])).Token;
        Assert.False(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Deleted_or_recreated_service_account_invalidates_the_token()
    {
        var token = Issuer.Issue(Request()).Token;
        _objects.ServiceAccounts["db/patroni"] = "new-uid";
        var recreated = Validator().Validate(token);
        Assert.False(recreated.IsValid);
        Assert.Equal("service account UID (new-uid) does not match claim (sa-uid)", recreated.Error);

        _objects.ServiceAccounts.Remove("db/patroni");
        Assert.Equal("service account db/patroni has been deleted", Validator().Validate(token).Error);
    }

    [Fact]
    public void Deleted_or_recreated_bound_pod_invalidates_the_token()
    {
        var token = Issuer.Issue(Request(new BoundObjectReference("hippo-0", "pod-uid"))).Token;
        _objects.Pods["db/hippo-0"] = "other-pod-uid";
        Assert.False(Validator().Validate(token).IsValid);
        _objects.Pods.Remove("db/hippo-0");
        Assert.Equal("pod db/hippo-0 has been deleted", Validator().Validate(token).Error);
    }

    [Fact]
    public void Deleted_bound_secret_invalidates_the_token()
    {
        var token = Issuer.Issue(Request() with { Secret = new BoundObjectReference("bound", "secret-uid") }).Token;
        Assert.True(Validator().Validate(token).IsValid);
        _objects.Secrets.Remove("db/bound");
        Assert.False(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Legacy_token_has_the_secret_claims_and_no_expiry()
    {
        var token = Issuer.IssueLegacy("db", "patroni", "sa-uid", "patroni-token-abcde");
        var payload = Payload(token);
        Assert.Equal("kubernetes/serviceaccount", (string?)payload["iss"]);
        Assert.Equal("db", (string?)payload["kubernetes.io/serviceaccount/namespace"]);
        Assert.Equal("patroni-token-abcde", (string?)payload["kubernetes.io/serviceaccount/secret.name"]);
        Assert.Equal("patroni", (string?)payload["kubernetes.io/serviceaccount/service-account.name"]);
        Assert.Equal("sa-uid", (string?)payload["kubernetes.io/serviceaccount/service-account.uid"]);
        Assert.Equal("system:serviceaccount:db:patroni", (string?)payload["sub"]);
        Assert.Null(payload["exp"]);
    }

    [Fact]
    public void Legacy_token_is_valid_while_its_secret_holds_it()
    {
        var token = Issuer.IssueLegacy("db", "patroni", "sa-uid", "patroni-token-abcde");
        _objects.LegacyTokens["db/patroni-token-abcde"] = token;
        _time.Now = s_start.AddYears(3);

        var result = Validator().Validate(token);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("system:serviceaccount:db:patroni", result.User!.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:db", "system:authenticated"], result.User.Groups);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], result.Audiences);

        _objects.LegacyTokens["db/patroni-token-abcde"] = "rotated";
        Assert.Equal("Token does not match server's copy", Validator().Validate(token).Error);
        _objects.LegacyTokens.Remove("db/patroni-token-abcde");
        Assert.Equal("Token has been invalidated", Validator().Validate(token).Error);
    }

    [Fact]
    public void Legacy_token_of_a_recreated_service_account_is_rejected()
    {
        var token = Issuer.IssueLegacy("db", "patroni", "sa-uid", "s");
        _objects.LegacyTokens["db/s"] = token;
        _objects.ServiceAccounts["db/patroni"] = "new-uid";
        Assert.False(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Legacy_tokens_can_be_refused()
    {
        var token = Issuer.IssueLegacy("db", "patroni", "sa-uid", "s");
        _objects.LegacyTokens["db/s"] = token;
        Assert.False(Validator(settings: ServiceAccountTokenSettings.Default with { AcceptLegacyTokens = false }).Validate(token).IsValid);
    }

    [Fact]
    public void Rsa_keys_sign_RS256_and_validate()
    {
        using var rsa = ServiceAccountKey.FromRsa(RSA.Create(2048));
        var token = new ServiceAccountTokenIssuer(rsa, _time).Issue(Request()).Token;
        Assert.Equal("RS256", (string?)Header(token)["alg"]);
        Assert.True(Validator(rsa).Validate(token).IsValid);
        Assert.False(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Key_round_trips_through_pem_and_a_public_key_verifies_but_cannot_sign()
    {
        using var restored = ServiceAccountKey.FromPem(_key.ExportPrivateKeyPem());
        Assert.Equal(_key.KeyId, restored.KeyId);
        Assert.True(restored.HasPrivateKey);
        using var publicOnly = ServiceAccountKey.FromPem(_key.ExportPublicKeyPem());
        Assert.False(publicOnly.HasPrivateKey);

        var token = new ServiceAccountTokenIssuer(restored, _time).Issue(Request()).Token;
        Assert.True(Validator(publicOnly).Validate(token).IsValid);
        Assert.Throws<InvalidOperationException>(() => new ServiceAccountTokenIssuer(publicOnly, _time).Issue(Request()));
    }

    [Fact]
    public void Jwk_describes_the_public_key()
    {
        var jwk = _key.ToJwk();
        Assert.Equal("EC", (string?)jwk["kty"]);
        Assert.Equal("P-256", (string?)jwk["crv"]);
        Assert.Equal(_key.KeyId, (string?)jwk["kid"]);
        Assert.Equal(32, Base64Url.DecodeFromChars((string)jwk["x"]!).Length);
    }
}
