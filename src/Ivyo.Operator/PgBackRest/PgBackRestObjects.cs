using Ivyo.Operator.DesiredState;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>Every object pgBackRest needs for a cluster, apart from what it adds to instance pods.</summary>
public sealed record PgBackRestObjects(
    V1ConfigMap ConfigMap,
    V1Secret? Secret,
    V1ServiceAccount ServiceAccount,
    V1Role Role,
    V1RoleBinding RoleBinding,
    V1StatefulSet? RepoHost,
    IReadOnlyList<V1PersistentVolumeClaim> RepoVolumes,
    IReadOnlyList<V1CronJob> CronJobs)
{
    /// <summary>Builds them all; see each builder for its parameters.</summary>
    public static PgBackRestObjects Build(
        ClusterInputs inputs, string? defaultImage, V1Secret? existingSecret = null,
        IEnumerable<string>? instanceNames = null, bool instancePodsExist = false) => new(
            PgBackRestConfigMap.Build(inputs, instanceNames),
            PgBackRestSecret.Build(inputs, existingSecret),
            PgBackRestRbac.ServiceAccount(inputs),
            PgBackRestRbac.Role(inputs),
            PgBackRestRbac.RoleBinding(inputs),
            RepoHostStatefulSet.Build(inputs, defaultImage, instancePodsExist),
            PgBackRestRepoVolumes.Build(inputs),
            PgBackRestCronJobs.Build(inputs, defaultImage));
}
