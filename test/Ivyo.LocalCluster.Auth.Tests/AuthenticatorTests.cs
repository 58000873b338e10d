using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class AuthenticatorTests : IDisposable
{
    private readonly ServiceAccountKey _key = ServiceAccountKey.GenerateEcdsa();
    private readonly FixedTime _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTokenObjects _objects = new();

    public void Dispose() => _key.Dispose();

    private Authenticator Authenticator(bool allowAnonymous = true) =>
        new(new ClientCertificateAuthenticator(), new ServiceAccountTokenValidator([_key], _objects, _time), allowAnonymous);

    private string Token()
    {
        _objects.ServiceAccounts["db/patroni"] = "uid";
        return new ServiceAccountTokenIssuer(_key, _time).Issue(new ServiceAccountTokenRequest("db", "patroni", "uid")).Token;
    }

    [Fact]
    public void No_credentials_is_anonymous()
    {
        var result = Authenticator().Authenticate(null, null);
        Assert.Equal(AuthenticationOutcome.Anonymous, result.Outcome);
        Assert.Equal("system:anonymous", result.User!.Name);
        Assert.Equal(["system:unauthenticated"], result.User.Groups);
    }

    [Fact]
    public void No_credentials_without_anonymous_is_unauthorized()
    {
        Assert.True(Authenticator(allowAnonymous: false).Authenticate(null, null).IsUnauthorized);
    }

    [Fact]
    public void Certificate_wins_over_a_token()
    {
        using var certificate = ClientCertificateAuthenticatorTests.Certificate("jane", "ops");
        var result = Authenticator().Authenticate(certificate, "Bearer " + Token());
        Assert.Equal(AuthenticationOutcome.Authenticated, result.Outcome);
        Assert.Equal(AuthenticationMethod.ClientCertificate, result.Method);
        Assert.Equal("jane", result.User!.Name);
    }

    [Fact]
    public void Certificate_without_common_name_falls_through_to_the_token()
    {
        using var certificate = ClientCertificateAuthenticatorTests.Certificate(null, "ops");
        var result = Authenticator().Authenticate(certificate, "Bearer " + Token());
        Assert.Equal(AuthenticationMethod.ServiceAccountToken, result.Method);
        Assert.Equal("system:serviceaccount:db:patroni", result.User!.Name);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER ")]
    public void Bearer_token_authenticates_whatever_the_scheme_case(string scheme)
    {
        var result = Authenticator().Authenticate(null, scheme + Token());
        Assert.Equal(AuthenticationOutcome.Authenticated, result.Outcome);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], result.Audiences);
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    public void Bad_token_is_unauthorized_even_with_anonymous_enabled(string header)
    {
        var result = Authenticator().Authenticate(null, header);
        Assert.True(result.IsUnauthorized);
        Assert.Null(result.User);
        Assert.NotNull(result.FailureReason);
    }

    [Fact]
    public void Expired_token_is_unauthorized()
    {
        var token = Token();
        _time.Now = _time.Now.AddHours(2);
        var result = Authenticator().Authenticate(null, "Bearer " + token);
        Assert.True(result.IsUnauthorized);
        Assert.Equal("service account token has expired", result.FailureReason);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer  space-before-token")]
    public void Empty_bearer_token_is_no_credential_as_in_current_Kubernetes(string header)
    {
        Assert.Equal(AuthenticationOutcome.Anonymous, Authenticator().Authenticate(null, header).Outcome);
    }

    [Fact]
    public void Other_schemes_are_not_credentials()
    {
        Assert.Equal(AuthenticationOutcome.Anonymous, Authenticator().Authenticate(null, "Basic dXNlcjpwYXNz").Outcome);
    }
}
