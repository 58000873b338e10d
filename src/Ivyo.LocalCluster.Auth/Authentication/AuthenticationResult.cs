namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The verdict of <see cref="Authenticator"/>. <see cref="User"/> is set unless the outcome is
/// <see cref="AuthenticationOutcome.Unauthorized"/>; then <see cref="FailureReason"/> says why, for the
/// log only: Kubernetes answers every bad credential with the same 401 Status whose message is "Unauthorized".
/// The audiences are those the token was valid for (the TokenReview status wants them).
/// </summary>
public sealed record AuthenticationResult(
    AuthenticationOutcome Outcome,
    UserInfo? User,
    AuthenticationMethod Method,
    IReadOnlyList<string> Audiences,
    string? FailureReason)
{
    public bool IsUnauthorized => Outcome == AuthenticationOutcome.Unauthorized;

    public static AuthenticationResult Authenticated(UserInfo user, AuthenticationMethod method, IReadOnlyList<string>? audiences = null) =>
        new(AuthenticationOutcome.Authenticated, user, method, audiences ?? [], null);

    public static AuthenticationResult Anonymous() =>
        new(AuthenticationOutcome.Anonymous, UserInfo.Anonymous, AuthenticationMethod.None, [], null);

    public static AuthenticationResult Unauthorized(string reason) =>
        new(AuthenticationOutcome.Unauthorized, null, AuthenticationMethod.None, [], reason);
}
