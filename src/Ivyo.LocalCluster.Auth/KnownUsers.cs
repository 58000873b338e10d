namespace Ivyo.LocalCluster.Auth;

/// <summary>The <c>system:</c> user names Kubernetes assigns.</summary>
public static class KnownUsers
{
    public const string Anonymous = "system:anonymous";

    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary><c>system:serviceaccount:NAMESPACE:NAME</c>.</summary>
    public static string ServiceAccount(string @namespace, string name) => ServiceAccountPrefix + @namespace + ":" + name;
}
