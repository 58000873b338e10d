using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// <c>&lt;c&gt;-pgbackrest</c> ServiceAccount, Role and RoleBinding: backup jobs find the pod to run pgBackRest in (the
/// repo host or the primary) and exec into it. Those are the only permissions. <c>pods/exec</c> has <c>get</c> besides
/// ivory-operator's <c>create</c>: an exec over WebSocket (kubectl 1.30+, KubernetesClient, the local cluster's backup
/// entrypoint) is a GET, which Kubernetes authorizes as <c>get</c> and, since KEP-4006, also as <c>create</c>; only
/// SPDY, which crunchy's entrypoint speaks, is a POST.
/// </summary>
public static class PgBackRestRbac
{
    public static V1ServiceAccount ServiceAccount(ClusterInputs inputs) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = PgBackRestMetadata.Object(inputs.Cluster, Names.PgBackRestRbac(inputs.Name), Labels.ForPgBackRest(inputs.Name)),
    };

    public static V1Role Role(ClusterInputs inputs) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = PgBackRestMetadata.Object(inputs.Cluster, Names.PgBackRestRbac(inputs.Name), Labels.ForPgBackRest(inputs.Name)),
        Rules =
        [
            new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["list"] },
            new V1PolicyRule { ApiGroups = [""], Resources = ["pods/exec"], Verbs = ["create", "get"] },
        ],
    };

    public static V1RoleBinding RoleBinding(ClusterInputs inputs) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = PgBackRestMetadata.Object(inputs.Cluster, Names.PgBackRestRbac(inputs.Name), Labels.ForPgBackRest(inputs.Name)),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = Names.PgBackRestRbac(inputs.Name) },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Names.PgBackRestRbac(inputs.Name) }],
    };
}
