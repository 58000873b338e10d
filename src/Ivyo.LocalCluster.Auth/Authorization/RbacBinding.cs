namespace Ivyo.LocalCluster.Auth;

/// <summary>A RoleBinding (with its namespace) or a ClusterRoleBinding (namespace "").</summary>
internal sealed record RbacBinding(string Namespace, string Name, string RoleKind, string RoleName, IReadOnlyList<RbacSubject> Subjects)
{
    public bool IsClusterBinding => Namespace.Length == 0;

    /// <summary>As Kubernetes' clusterRoleBindingDescriber / roleBindingDescriber.</summary>
    public string Describe(RbacSubject subject) => IsClusterBinding
        ? $"ClusterRoleBinding {GoQuote.Quote(Name)} of {RoleKind} {GoQuote.Quote(RoleName)} to {subject.Describe("")}"
        : $"RoleBinding {GoQuote.Quote(Name + "/" + Namespace)} of {RoleKind} {GoQuote.Quote(RoleName)} to {subject.Describe(Namespace)}";
}
