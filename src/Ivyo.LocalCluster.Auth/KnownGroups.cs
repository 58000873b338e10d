namespace Ivyo.LocalCluster.Auth;

/// <summary>The <c>system:</c> groups Kubernetes assigns and recognizes.</summary>
public static class KnownGroups
{
    /// <summary>Allowed everything before RBAC is consulted; the admin kubeconfig's certificate carries it as O.</summary>
    public const string Masters = "system:masters";

    /// <summary>Added to every authenticated user.</summary>
    public const string Authenticated = "system:authenticated";

    /// <summary>The only group of <c>system:anonymous</c>.</summary>
    public const string Unauthenticated = "system:unauthenticated";

    /// <summary>Every ServiceAccount.</summary>
    public const string ServiceAccounts = "system:serviceaccounts";

    /// <summary>The ServiceAccounts of one namespace: <c>system:serviceaccounts:NAMESPACE</c>.</summary>
    public static string ServiceAccountsIn(string @namespace) => ServiceAccounts + ":" + @namespace;
}
