using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Scheduling;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The dedicated repository host <c>&lt;c&gt;-repo-host</c>: a one-pod StatefulSet that runs the pgBackRest TLS server
/// over the volume repositories. It exists only when some repository has a <c>volume</c>; cloud repositories are
/// reached from the instances directly.
/// </summary>
public static class RepoHostStatefulSet
{
    /// <summary>Whether the cluster needs a repo host: some repository is a volume.</summary>
    public static bool Enabled(IvoryCluster cluster) => cluster.Spec.Backups.PgBackRest.Repos.Any(repo => repo.Volume is not null);

    /// <summary>
    /// The repo-host StatefulSet, or null when no repository is a volume. <paramref name="instancePodsExist"/> keeps
    /// the repo host running while a shut-down cluster still has instance pods, as ivory-operator does: they may still
    /// archive WAL to it.
    /// </summary>
    public static V1StatefulSet? Build(ClusterInputs inputs, string? defaultImage, bool instancePodsExist = false)
    {
        var cluster = inputs.Cluster;
        if (!Enabled(cluster))
        {
            return null;
        }

        var spec = cluster.Spec.Backups.PgBackRest;
        var labels = Labels.Merge(Labels.ForPgBackRestDedicated(inputs.Name),
            new Dictionary<string, string> { [Labels.Data] = Labels.DataPgBackRest });

        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = PgBackRestMetadata.Object(cluster, Names.PgBackRestRepoHost(inputs.Name), labels),
            Spec = new V1StatefulSetSpec
            {
                Replicas = cluster.Spec.Shutdown == true && !instancePodsExist ? 0 : 1,
                Selector = new V1LabelSelector { MatchLabels = Labels.ForPgBackRestDedicated(inputs.Name) },
                ServiceName = Names.ClusterPodService(inputs.Name),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = PgBackRestMetadata.PodLabels(cluster, labels),
                        Annotations = PgBackRestMetadata.PodAnnotations(cluster),
                    },
                    Spec = Pod(cluster, spec, PgBackRestImage.Resolve(cluster, defaultImage)),
                },
            },
        };
    }

    private static V1PodSpec Pod(IvoryCluster cluster, PgBackRestArchive spec, string image)
    {
        var name = cluster.Metadata.Name;
        var pod = new V1PodSpec
        {
            Containers = [],
            InitContainers = [],
            Volumes = [],
            Affinity = spec.RepoHost?.Affinity,
            Tolerations = spec.RepoHost?.Tolerations,
            TopologySpreadConstraints = DefaultTopology.Combine(
                cluster, spec.RepoHost?.TopologySpreadConstraints, InstanceStatefulSet.DataPodsSelector(name)),
            PriorityClassName = spec.RepoHost?.PriorityClassName,
            ImagePullSecrets = cluster.Spec.ImagePullSecrets,
            RestartPolicy = "Always",
            // The configuration sidecar signals the TLS server when its files change.
            ShareProcessNamespace = true,
            // pgBackRest makes no Kubernetes API calls.
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = SecurityContexts.InstancePod(cluster),
        };

        var serverCertificates = new V1SecretProjection
        {
            Name = Names.PgBackRestSecret(name),
            Items =
            [
                new V1KeyToPath { Key = PgBackRestFiles.RepoHostCertificateKey, Path = PgBackRestFiles.ServerCertificatePath },
                new V1KeyToPath { Key = PgBackRestFiles.RepoHostPrivateKeyKey, Path = PgBackRestFiles.ServerPrivateKeyPath, Mode = PgBackRestFiles.PrivateKeyMode },
            ],
        };
        var server = PgBackRestPodParts.AddServer(cluster, pod, serverCertificates, spec.RepoHost?.Resources, image);

        // pgBackRest on the repo host logs to the first volume repository; make the directory before it starts.
        var volumeRepos = spec.Repos.Where(repo => repo.Volume is not null).ToList();
        var logDirectory = new V1Container
        {
            Name = Names.ContainerPgBackRestLogDirInit,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ["bash", "-c", "mkdir -p " + Names.PgBackRestRepoLogPath(volumeRepos[0].Name)],
            Resources = server.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [],
        };
        pod.InitContainers.Add(logDirectory);

        foreach (var repo in volumeRepos)
        {
            pod.Volumes.Add(new V1Volume
            {
                Name = repo.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.PgBackRestRepoVolume(name, repo.Name) },
            });
            var mount = new V1VolumeMount { Name = repo.Name, MountPath = Names.PgBackRestRepoPath(repo.Name) };
            logDirectory.VolumeMounts.Add(mount);
            server.VolumeMounts.Add(mount);
        }

        PgBackRestPodParts.AddConfigVolume(pod, PgBackRestPodParts.RepoHostConfigSources(cluster));

        // A writable /tmp: the root filesystem is read-only and pgBackRest keeps its lock files there.
        pod.Volumes.Add(new V1Volume { Name = InstancePod.TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("16Mi") } });
        foreach (var container in pod.InitContainers.Concat(pod.Containers))
        {
            container.VolumeMounts.Add(new V1VolumeMount { Name = InstancePod.TmpVolume, MountPath = "/tmp" });
        }

        return pod;
    }
}
