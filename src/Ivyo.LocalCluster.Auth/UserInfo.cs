namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The authenticated identity of a request, as Kubernetes' <c>user.Info</c>: the name, the groups
/// (always including <c>system:authenticated</c> or <c>system:unauthenticated</c>), an optional uid
/// and extra attributes (such as a bound token's pod name).
/// </summary>
public sealed record UserInfo(
    string Name,
    IReadOnlyList<string> Groups,
    string? Uid = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra = null)
{
    /// <summary>The user of requests without credentials: <c>system:anonymous</c> in <c>system:unauthenticated</c>.</summary>
    public static UserInfo Anonymous { get; } = new(KnownUsers.Anonymous, [KnownGroups.Unauthenticated]);

    public bool IsInGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
