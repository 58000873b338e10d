using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The pod of a backup job. It runs ivory-operator's pgBackRest image entrypoint, which finds the pod named by
/// <c>SELECTOR</c> (the repo host for a volume repository, else the primary), checks that the configuration hash
/// there matches, and runs <c>pgbackrest backup</c> in its <c>CONTAINER</c>.
/// </summary>
public static class PgBackRestBackupJob
{
    /// <summary>The entrypoint of ivory-operator's pgBackRest image that runs a command in another pod.</summary>
    public const string Entrypoint = "/opt/crunchy/bin/pgbackrest";

    /// <summary>The job spec of a backup to <paramref name="repo"/>, with extra pgBackRest options.</summary>
    public static V1JobSpec Spec(
        IvoryCluster cluster, PgBackRestRepo repo, string image, IDictionary<string, string> labels,
        IDictionary<string, string>? annotations, IEnumerable<string> options)
    {
        var name = cluster.Metadata.Name;
        var onRepoHost = repo.Volume is not null;
        var commandOptions = new List<string> { "--stanza=" + PgBackRestFiles.Stanza, "--repo=" + RepoIndex(repo.Name) };
        commandOptions.AddRange(options);
        var jobs = cluster.Spec.Backups.PgBackRest.Jobs;

        var pod = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = Names.ContainerPgBackRest,
                    Image = image,
                    ImagePullPolicy = cluster.Spec.ImagePullPolicy,
                    Command = [Entrypoint],
                    Env =
                    [
                        new V1EnvVar { Name = "COMMAND", Value = "backup" },
                        new V1EnvVar { Name = "COMMAND_OPTS", Value = string.Join(' ', commandOptions) },
                        new V1EnvVar { Name = "COMPARE_HASH", Value = "true" },
                        new V1EnvVar { Name = "CONTAINER", Value = onRepoHost ? Names.ContainerPgBackRest : Names.ContainerDatabase },
                        new V1EnvVar { Name = "NAMESPACE", Value = cluster.Metadata.NamespaceProperty },
                        new V1EnvVar { Name = "SELECTOR", Value = onRepoHost ? Selectors.PgBackRestDedicated(name) : Selectors.ClusterPrimary(name) },
                    ],
                    Resources = jobs?.Resources,
                    SecurityContext = SecurityContexts.RestrictedContainer(),
                },
            ],
            Volumes = [],
            // A failed job gets a new pod, with the configuration as it is now, rather than a restarted container.
            RestartPolicy = "Never",
            EnableServiceLinks = false,
            SecurityContext = new V1PodSecurityContext { FsGroupChangePolicy = "OnRootMismatch" },
            ServiceAccountName = Names.PgBackRestRbac(name),
            PriorityClassName = jobs?.PriorityClassName,
            Tolerations = jobs?.Tolerations,
            Affinity = jobs?.Affinity,
            ImagePullSecrets = cluster.Spec.ImagePullSecrets,
        };

        PgBackRestPodParts.AddConfigVolume(pod, onRepoHost
            ? PgBackRestPodParts.RepoHostConfigSources(cluster)
            : PgBackRestPodParts.InstanceConfigSources(cluster));

        return new V1JobSpec
        {
            TtlSecondsAfterFinished = jobs?.TtlSecondsAfterFinished,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = labels, Annotations = annotations },
                Spec = pod,
            },
        };
    }

    /// <summary>The number of a repository, as pgBackRest's <c>--repo</c> takes it: <c>repo2</c> is 2.</summary>
    public static string RepoIndex(string repo) => string.Concat(repo.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit));
}
