namespace Ivyo.LocalCluster.Auth;

/// <summary>Why a role reference did not resolve.</summary>
public enum RoleLookupFailure
{
    None,

    /// <summary>No Role (in the binding's namespace) or ClusterRole of that name.</summary>
    NotFound,

    /// <summary>The reference's kind is neither Role nor ClusterRole.</summary>
    UnsupportedKind,
}

/// <summary>
/// A role reference resolved as Kubernetes' GetRoleReferenceRules does: the role's rules, or why there are none.
/// <paramref name="Resource"/> is <c>roles</c> or <c>clusterroles</c> (the reference's kind when unsupported).
/// </summary>
public sealed record RoleLookup(IReadOnlyList<PolicyRule> Rules, RoleLookupFailure Failure, string Resource, string Name)
{
    public bool Found => Failure == RoleLookupFailure.None;

    /// <summary>
    /// The error as the RBAC registry's resolver reports it (the storage's NotFound, plural resource:
    /// <c>clusterroles.rbac.authorization.k8s.io "x" not found</c>), for escalation checks.
    /// </summary>
    public string RegistryError => Failure switch
    {
        RoleLookupFailure.NotFound => $"{Resource}.rbac.authorization.k8s.io {GoQuote.Quote(Name)} not found",
        RoleLookupFailure.UnsupportedKind => UnsupportedKindError,
        _ => "",
    };

    /// <summary>
    /// The error as the authorizer's listers report it (singular resource:
    /// <c>clusterrole.rbac.authorization.k8s.io "x" not found</c>), for denial reasons.
    /// </summary>
    internal string ListerError => Failure switch
    {
        RoleLookupFailure.NotFound => $"{Resource[..^1]}.rbac.authorization.k8s.io {GoQuote.Quote(Name)} not found",
        RoleLookupFailure.UnsupportedKind => UnsupportedKindError,
        _ => "",
    };

    private string UnsupportedKindError => $"unsupported role reference kind: {GoQuote.Quote(Resource)}";

    internal static RoleLookup Of(IReadOnlyList<PolicyRule> rules, string resource, string name) => new(rules, RoleLookupFailure.None, resource, name);

    internal static RoleLookup Missing(string resource, string name) => new([], RoleLookupFailure.NotFound, resource, name);

    internal static RoleLookup Unsupported(string kind, string name) => new([], RoleLookupFailure.UnsupportedKind, kind, name);
}
