using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The backup Jobs the reconciler starts, as ivory-operator makes them: the replica-create backup of the first
/// repository (<c>pgbackrest-backup=replica-create</c>, annotated with the container whose configuration it mounts
/// and the configuration hash, so that a stale Job is recognised and replaced), and a manual backup
/// (<c>pgbackrest-backup=manual</c>, annotated with the backup's id from the cluster's <c>pgbackrest-backup</c>
/// annotation, with <c>spec.backups.pgbackrest.manual.options</c>). Names are <c>&lt;c&gt;-backup-&lt;xxxx&gt;</c>
/// (<see cref="Names.GeneratePgBackRestBackupJob"/>); the caller keeps an existing Job's name.
/// </summary>
public static class PgBackRestBackupJobs
{
    /// <summary>The container a backup to <paramref name="repo"/> runs in: the repo host's for a volume, else the primary's.</summary>
    public static string ConfigContainer(PgBackRestRepo repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return repo.Volume is not null ? Names.ContainerPgBackRest : Names.ContainerDatabase;
    }

    /// <summary>
    /// The full backup that replicas can be created from, to <paramref name="repo"/> (the first repository). It starts
    /// with an immediate checkpoint (<c>--start-fast</c>), which ivory-operator's does not: without it, pgBackRest waits
    /// for a spread checkpoint of the freshly bootstrapped cluster's dirty buffers, paced over
    /// <c>checkpoint_completion_target</c> of <c>checkpoint_timeout</c>, which took about 100 s here against 5 s with
    /// it, and the scheduled and manual backups wait for this one.
    /// </summary>
    /// <param name="repoVolume">The volume the repository's claim is bound to, when known: recorded on the Job.</param>
    public static V1Job ReplicaCreate(IvoryCluster cluster, PgBackRestRepo repo, string name, string image, string? repoVolume = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(repo);
        var annotations = new Dictionary<string, string>
        {
            [Annotations.PgBackRestCurrentConfig] = ConfigContainer(repo),
            [Annotations.PgBackRestConfigHash] = PgBackRestConfigHash.Compute(cluster),
        };
        if (!string.IsNullOrEmpty(repoVolume))
        {
            annotations[Annotations.PgBackRestRepoVolumeName] = repoVolume;
        }

        return Job(cluster, repo, name, image, Labels.BackupReplicaCreate, annotations, ["--start-fast"]);
    }

    /// <summary>The manual backup <paramref name="id"/> to <paramref name="repo"/>, with the options of <c>spec.backups.pgbackrest.manual</c>.</summary>
    public static V1Job Manual(IvoryCluster cluster, PgBackRestRepo repo, string name, string id, string image)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(repo);
        return Job(cluster, repo, name, image, Labels.BackupManual,
            new Dictionary<string, string> { [Annotations.PgBackRestBackup] = id },
            cluster.Spec.Backups.PgBackRest.Manual?.Options ?? []);
    }

    private static V1Job Job(IvoryCluster cluster, PgBackRestRepo repo, string name, string image, string backupType,
        Dictionary<string, string> annotations, IEnumerable<string> options)
    {
        // The Job and its pods carry the same labels and annotations: spec.metadata, then the pgBackRest metadata, then IVYO's.
        var labels = PgBackRestMetadata.PodLabels(cluster, Labels.ForPgBackRestBackupJob(cluster.Metadata.Name, repo.Name, backupType));
        var allAnnotations = Labels.Merge(cluster.Spec.Metadata?.Annotations, cluster.Spec.Backups.PgBackRest.Metadata?.Annotations, annotations);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Ownership.Metadata(cluster, name, labels, allAnnotations),
            Spec = PgBackRestBackupJob.Spec(cluster, repo, image, labels, allAnnotations, options),
        };
    }
}
