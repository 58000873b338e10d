namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The result of validating a token: the user and the audiences it is valid for (legacy tokens:
/// the API audiences, implicitly), or the error (logged; the client sees only 401 Unauthorized).
/// </summary>
public sealed record ServiceAccountTokenValidation(UserInfo? User, IReadOnlyList<string> Audiences, string? Error)
{
    public bool IsValid => User is not null;

    public static ServiceAccountTokenValidation Valid(UserInfo user, IReadOnlyList<string> audiences) => new(user, audiences, null);

    public static ServiceAccountTokenValidation Invalid(string error) => new(null, [], error);
}
