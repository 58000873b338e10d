namespace Ivyo.LocalCluster.Auth;

/// <summary>A binding's subject: User, Group or ServiceAccount (whose namespace defaults to a RoleBinding's).</summary>
internal sealed record RbacSubject(string Kind, string Name, string Namespace)
{
    public const string UserKind = "User";
    public const string GroupKind = "Group";
    public const string ServiceAccountKind = "ServiceAccount";

    /// <summary>Kubernetes' appliesToUser; <paramref name="bindingNamespace"/> is "" for a ClusterRoleBinding.</summary>
    public bool AppliesTo(UserInfo user, string bindingNamespace)
    {
        switch (Kind)
        {
            case UserKind:
                return user.Name == Name;
            case GroupKind:
                return user.IsInGroup(Name);
            case ServiceAccountKind:
                var ns = Namespace.Length > 0 ? Namespace : bindingNamespace;
                return ns.Length > 0 && user.Name == KnownUsers.ServiceAccount(ns, Name);
            default:
                return false;
        }
    }

    /// <summary>As Kubernetes' describeSubject, for the "allowed by" reason.</summary>
    public string Describe(string bindingNamespace) => Kind == ServiceAccountKind
        ? $"{Kind} {GoQuote.Quote(Name + "/" + (Namespace.Length > 0 ? Namespace : bindingNamespace))}"
        : $"{Kind} {GoQuote.Quote(Name)}";
}
