using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>
/// The ServiceAccount, Role and RoleBinding <c>&lt;c&gt;-instance</c> that instance pods run as. The Role grants what
/// Patroni's Kubernetes DCS needs, and nothing more.
/// </summary>
public static class InstanceRbac
{
    public static V1ServiceAccount ServiceAccount(IvoryCluster cluster) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Ownership.Metadata(cluster, Names.ClusterInstanceRbac(cluster.Metadata.Name), Labels.ForCluster(cluster.Metadata.Name)),
        // Patroni's Kubernetes DCS uses the pod's in-cluster credentials.
        AutomountServiceAccountToken = true,
    };

    public static V1Role Role(IvoryCluster cluster, IReadOnlyList<V1PolicyRule> rules) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = Ownership.Metadata(cluster, Names.ClusterInstanceRbac(cluster.Metadata.Name), Labels.ForCluster(cluster.Metadata.Name)),
        Rules = [.. rules],
    };

    public static V1RoleBinding RoleBinding(IvoryCluster cluster) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = Ownership.Metadata(cluster, Names.ClusterInstanceRbac(cluster.Metadata.Name), Labels.ForCluster(cluster.Metadata.Name)),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = Names.ClusterInstanceRbac(cluster.Metadata.Name) },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Names.ClusterInstanceRbac(cluster.Metadata.Name) }],
    };
}
