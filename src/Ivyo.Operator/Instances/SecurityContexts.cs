using Ivyo.Api.V1Beta1;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>Security contexts that meet the "restricted" Pod Security Standard, as ivory-operator uses them.</summary>
public static class SecurityContexts
{
    /// <summary>The group PostgreSQL's files belong to in IvorySQL images.</summary>
    public const long PostgresGroup = 26;

    public static V1SecurityContext RestrictedContainer() => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>
    /// A pod context that can write to PersistentVolumes: <c>fsGroup</c> 26 (except on OpenShift, which assigns one) and
    /// the user's supplemental groups, never root's.
    /// </summary>
    public static V1PodSecurityContext InstancePod(IvoryCluster cluster)
    {
        var groups = (cluster.Spec.SupplementalGroups ?? []).Where(gid => gid > 0).Select(gid => (long?)gid).ToList();
        return new V1PodSecurityContext
        {
            FsGroup = cluster.Spec.Openshift == true ? null : PostgresGroup,
            FsGroupChangePolicy = "OnRootMismatch",
            SupplementalGroups = groups.Count == 0 ? null : groups,
        };
    }
}
