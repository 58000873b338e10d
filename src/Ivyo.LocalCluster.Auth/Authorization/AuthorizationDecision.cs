namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Allow or deny, with Kubernetes' reason: when allowed by RBAC <c>RBAC: allowed by ClusterRoleBinding "x" of
/// ClusterRole "y" to Group "z"</c> ("" for system:masters); when denied "" or the RBAC evaluation errors
/// (<c>RBAC: clusterrole.rbac.authorization.k8s.io "x" not found</c>), which the 403 message appends.
/// A denial is Kubernetes' NoOpinion: with no other authorizer, the request is forbidden.
/// </summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason)
{
    public static AuthorizationDecision Allow(string reason) => new(true, reason);

    public static AuthorizationDecision Deny(string reason) => new(false, reason);
}
