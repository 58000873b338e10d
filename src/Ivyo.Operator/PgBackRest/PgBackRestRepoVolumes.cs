using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary><c>&lt;c&gt;-&lt;repo&gt;</c>: one PersistentVolumeClaim per volume repository, mounted by the repo host.</summary>
public static class PgBackRestRepoVolumes
{
    public static IReadOnlyList<V1PersistentVolumeClaim> Build(ClusterInputs inputs) =>
        inputs.Cluster.Spec.Backups.PgBackRest.Repos
            .Where(repo => repo.Volume is not null)
            .Select(repo => new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = PgBackRestMetadata.Object(inputs.Cluster, Names.PgBackRestRepoVolume(inputs.Name, repo.Name),
                    Labels.ForPgBackRestRepoVolume(inputs.Name, repo.Name)),
                Spec = InstanceVolumes.ToCore(repo.Volume!.VolumeClaimSpec),
            })
            .ToList();
}
