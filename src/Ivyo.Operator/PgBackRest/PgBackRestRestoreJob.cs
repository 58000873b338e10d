using System.Security.Cryptography;
using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The Job of an in-place restore (<c>spec.backups.pgbackrest.restore</c>), as ivory-operator makes it:
/// <c>&lt;c&gt;-pgbackrest-restore</c>, in the PostgreSQL image, on the data volume (and WAL volume) of the instance
/// that starts first afterwards, with the instance's pgBackRest configuration (which reaches the repository, on the
/// repo host over TLS or in the cloud). It runs <see cref="PgBackRestRestoreCommand"/> with the user's options and
/// those IVYO sets: <c>--stanza</c>, <c>--pg1-path</c>, <c>--repo</c>, <c>--delta</c> unless given,
/// <c>--target-action=promote</c> when a target is given, and <c>--link-map=pg_wal=…</c>.
/// </summary>
public static class PgBackRestRestoreJob
{
    /// <summary>The options IVYO sets itself, with what the user is told instead.</summary>
    private static readonly (string Option, string Message)[] s_reserved =
    [
        ("--repo=", "Option '--repo' is not allowed: please use the 'repoName' field instead."),
        ("--repo ", "Option '--repo' is not allowed: please use the 'repoName' field instead."),
        ("--stanza", "Option '--stanza' is not allowed: the operator will automatically set this option"),
        ("--pg1-path", "Option '--pg1-path' is not allowed: the operator will automatically set this option"),
        ("--target-action", "Option '--target-action' is not allowed: the operator will automatically set this option"),
        ("--link-map", "Option '--link-map' is not allowed: the operator will automatically set this option"),
    ];

    /// <summary>What is wrong with the restore's options (the messages ivory-operator gives), or nothing.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string>? options) =>
        [.. (options ?? []).SelectMany(option => s_reserved.Where(reserved => option.Contains(reserved.Option, StringComparison.Ordinal)).Select(reserved => reserved.Message)).Distinct()];

    /// <summary>
    /// A hash of what the restore is asked to do (source cluster, repository, options), kept on the Job: a Job made
    /// for other settings is replaced.
    /// </summary>
    public static string SettingsHash(ClusterDataSourceBase source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = string.Join("\n", new[] { source.ClusterName ?? "", source.RepoName }.Concat(source.Options ?? []));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The options of <c>pgbackrest restore</c>, as one string the Job's shell reads.</summary>
    public static string Options(IvoryCluster cluster, ClusterDataSourceBase source, InstanceSet set)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(set);
        var version = cluster.Spec.PostgresVersion;
        var options = new List<string>(source.Options ?? [])
        {
            "--stanza=" + PgBackRestFiles.Stanza,
            "--pg1-path=" + Paths.PostgresDataDirectory(version),
            "--repo=" + PgBackRestBackupJob.RepoIndex(source.RepoName),
        };
        if (!options.Any(option => option.Contains("--delta", StringComparison.Ordinal)))
        {
            options.Add("--delta");
        }

        if (options.Any(option => option.Contains("--target", StringComparison.Ordinal)))
        {
            options.Add("--target-action=promote");
        }

        options.Add("--link-map=pg_wal=" + Paths.PostgresWalDirectory(version, set.WalVolumeClaimSpec is not null));
        return string.Join(' ', options);
    }

    /// <summary>The restore Job into the volumes of <paramref name="instance"/>, of <paramref name="set"/>.</summary>
    public static V1Job Build(IvoryCluster cluster, PgBackRestRestore source, InstanceSet set, string instance, string image)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(set);
        var name = cluster.Metadata.Name;
        var labels = PgBackRestMetadata.PodLabels(cluster, Labels.ForPgBackRestRestoreJob(name));
        var annotations = Labels.Merge(cluster.Spec.Metadata?.Annotations, cluster.Spec.Backups.PgBackRest.Metadata?.Annotations,
            new Dictionary<string, string> { [Annotations.PgBackRestConfigHash] = SettingsHash(source) });

        var dataMount = new V1VolumeMount { Name = InstancePod.DataVolume, MountPath = Names.DataMountPath };
        var container = new V1Container
        {
            Name = Names.ContainerPgBackRestRestore,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = PgBackRestRestoreCommand.Command(Paths.PostgresDataDirectory(cluster.Spec.PostgresVersion), Options(cluster, source, set)),
            Env = [new V1EnvVar { Name = "PGHOST", Value = "/tmp" }],
            VolumeMounts = [dataMount],
            Resources = source.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
        };
        var pod = new V1PodSpec
        {
            Containers = [container],
            Volumes =
            [
                new V1Volume { Name = InstancePod.DataVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.InstanceDataVolume(instance) } },
            ],
            RestartPolicy = "Never",
            EnableServiceLinks = false,
            // pgBackRest makes no Kubernetes API calls; the instance's account only for a cloud identity it may carry.
            AutomountServiceAccountToken = false,
            ServiceAccountName = Names.ClusterInstanceRbac(name),
            SecurityContext = SecurityContexts.InstancePod(cluster),
            PriorityClassName = source.PriorityClassName,
            Tolerations = source.Tolerations,
            Affinity = source.Affinity,
            ImagePullSecrets = cluster.Spec.ImagePullSecrets,
        };
        if (set.WalVolumeClaimSpec is not null)
        {
            container.VolumeMounts.Add(new V1VolumeMount { Name = InstancePod.WalVolume, MountPath = Names.WalMountPath });
            pod.Volumes.Add(new V1Volume { Name = InstancePod.WalVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.InstanceWalVolume(instance) } });
        }

        PgBackRestPodParts.AddConfigVolume(pod, PgBackRestPodParts.InstanceConfigSources(cluster));
        InstancePod.AddScratchVolumes(pod);

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Ownership.Metadata(cluster, Names.PgBackRestRestoreJob(name), labels, annotations),
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels, Annotations = annotations }, Spec = pod },
            },
        };
    }
}
