using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>
/// The base of an instance pod: the <c>database</c> container (Patroni adds its command, probes and configuration),
/// the <c>replication-cert-copy</c> sidecar, the <c>ivory-startup</c> init container, and the data, WAL, certificate,
/// downward API, /tmp and /dev/shm volumes.
/// </summary>
public static class InstancePod
{
    public const string DataVolume = "ivory-data";
    public const string WalVolume = "ivory-wal";
    public const string DownwardApiVolume = "database-containerinfo";
    public const string DownwardApiPath = "/etc/database-containerinfo";
    public const string ConfigVolume = "ivory-config";
    public const string ConfigMountPath = "/etc/ivory";
    public const string TmpVolume = "tmp";
    public const string ShmVolume = "dshm";

    public static V1PodSpec Build(ClusterInputs inputs, InstanceRef instance, string image)
    {
        var cluster = inputs.Cluster;
        var set = instance.Set;
        var certMount = new V1VolumeMount { Name = Names.CertVolume, MountPath = Names.CertMountPath, ReadOnlyProperty = true };
        var dataMount = new V1VolumeMount { Name = DataVolume, MountPath = Names.DataMountPath };
        var downwardMount = new V1VolumeMount { Name = DownwardApiVolume, MountPath = DownwardApiPath, ReadOnlyProperty = true };
        var environment = Environment(cluster);

        var database = new V1Container
        {
            Name = Names.ContainerDatabase,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Env = environment,
            Resources = set.Resources,
            Ports = [new V1ContainerPort { Name = Names.PortIvory, ContainerPort = cluster.Spec.Port ?? 5432, Protocol = "TCP" }],
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [certMount, dataMount, downwardMount],
        };

        var certCopy = new V1Container
        {
            Name = Names.ContainerReplicationCertCopy,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ["bash", "-ceu", "--", StartupScripts.ReplicationCertCopy, Names.ContainerReplicationCertCopy],
            Resources = set.Sidecars?.ReplicaCertCopy?.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [certMount],
        };

        var startup = new V1Container
        {
            Name = Names.ContainerIvoryStartup,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ["bash", "-ceu", "--", StartupScripts.Startup, Names.ContainerIvoryStartup,
                cluster.Spec.PostgresVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                set.WalVolumeClaimSpec is null ? "" : Names.WalMountPath],
            Env = environment,
            Resources = set.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [certMount, dataMount],
        };

        var volumes = new List<V1Volume>
        {
            new()
            {
                Name = Names.CertVolume,
                Projected = new V1ProjectedVolumeSource
                {
                    // PostgreSQL refuses private keys that others can read.
                    DefaultMode = Convert.ToInt32("600", 8),
                    Sources = ClusterCertificateSources(cluster),
                },
            },
            new() { Name = DataVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.InstanceDataVolume(instance.Name) } },
            new() { Name = DownwardApiVolume, DownwardAPI = DownwardApi() },
        };

        foreach (var tablespace in set.TablespaceVolumes ?? [])
        {
            var mount = new V1VolumeMount { Name = "tablespace-" + tablespace.Name, MountPath = "/tablespaces/" + tablespace.Name };
            volumes.Add(new V1Volume
            {
                Name = mount.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.InstanceTablespaceVolume(instance.Name, tablespace.Name) },
            });
            database.VolumeMounts.Add(mount);
            startup.VolumeMounts.Add(mount);
        }

        if (cluster.Spec.Config?.Files is { Count: > 0 } files)
        {
            database.VolumeMounts.Add(new V1VolumeMount { Name = ConfigVolume, MountPath = ConfigMountPath, ReadOnlyProperty = true });
            volumes.Add(new V1Volume { Name = ConfigVolume, Projected = new V1ProjectedVolumeSource { Sources = [.. files] } });
        }

        if (set.WalVolumeClaimSpec is not null)
        {
            var walMount = new V1VolumeMount { Name = WalVolume, MountPath = Names.WalMountPath };
            database.VolumeMounts.Add(walMount);
            startup.VolumeMounts.Add(walMount);
            volumes.Add(new V1Volume { Name = WalVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Names.InstanceWalVolume(instance.Name) } });
        }

        var containers = new List<V1Container> { database, certCopy };
        containers.AddRange(set.Containers ?? []);

        var pod = new V1PodSpec
        {
            Containers = containers,
            InitContainers = [startup],
            Volumes = volumes,
        };
        return pod;
    }

    /// <summary>The environment of the database and startup containers.</summary>
    public static List<V1EnvVar> Environment(IvoryCluster cluster) =>
    [
        new() { Name = "PGDATA", Value = DataDirectory(cluster) },
        new() { Name = "PGHOST", Value = "/tmp/postgres" },
        new() { Name = "PGPORT", Value = (cluster.Spec.Port ?? 5432).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        // Keep Kerberos and LDAP from writing outside the read-only root filesystem.
        new() { Name = "KRB5_CONFIG", Value = "/etc/postgres/krb5.conf" },
        new() { Name = "KRB5RCACHEDIR", Value = "/tmp" },
        new() { Name = "LDAPTLS_CACERT", Value = "/etc/postgres/ldap/ca.crt" },
    ];

    /// <summary>The data directory inside the data volume: one per major version, as ivory-operator lays it out.</summary>
    public static string DataDirectory(IvoryCluster cluster) =>
        $"{Names.DataMountPath}/pg{cluster.Spec.PostgresVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static List<V1VolumeProjection> ClusterCertificateSources(IvoryCluster cluster)
    {
        var server = cluster.Spec.CustomTLSSecret ?? new V1SecretProjection
        {
            Name = Names.ClusterTlsSecret(cluster.Metadata.Name),
            Items =
            [
                new V1KeyToPath { Key = CertificateSecrets.TlsCertificateKey, Path = "tls.crt" },
                new V1KeyToPath { Key = CertificateSecrets.TlsPrivateKeyKey, Path = "tls.key" },
                new V1KeyToPath { Key = CertificateSecrets.CaKey, Path = "ca.crt" },
            ],
        };
        var replication = new V1SecretProjection
        {
            Name = cluster.Spec.CustomReplicationTLSSecret?.Name ?? Names.ReplicationClientCertSecret(cluster.Metadata.Name),
            Items =
            [
                new V1KeyToPath { Key = CertificateSecrets.TlsCertificateKey, Path = "replication/tls.crt" },
                new V1KeyToPath { Key = CertificateSecrets.TlsPrivateKeyKey, Path = "replication/tls.key" },
                new V1KeyToPath { Key = CertificateSecrets.CaKey, Path = "replication/ca.crt" },
            ],
        };
        return [new V1VolumeProjection { Secret = server }, new V1VolumeProjection { Secret = replication }];
    }

    private static V1DownwardAPIVolumeSource DownwardApi()
    {
        static V1DownwardAPIVolumeFile Resource(string path, string resource, string divisor) => new()
        {
            Path = path,
            ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = Names.ContainerDatabase, Resource = resource, Divisor = new ResourceQuantity(divisor) },
        };

        return new V1DownwardAPIVolumeSource
        {
            Items =
            [
                Resource("cpu_limit", "limits.cpu", "1m"),
                Resource("cpu_request", "requests.cpu", "1m"),
                Resource("mem_limit", "limits.memory", "1Mi"),
                Resource("mem_request", "requests.memory", "1Mi"),
                new V1DownwardAPIVolumeFile { Path = "labels", FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.labels" } },
                new V1DownwardAPIVolumeFile { Path = "annotations", FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.annotations" } },
            ],
        };
    }

    /// <summary>
    /// A writable /tmp and a memory-backed /dev/shm for every container: the root filesystem is read-only, and
    /// PostgreSQL's shared memory needs more than a container runtime's default 64MiB.
    /// </summary>
    /// <remarks>Call after every component has added its containers.</remarks>
    public static void AddScratchVolumes(V1PodSpec pod)
    {
        pod.Volumes.Add(new V1Volume { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("16Mi") } });
        pod.Volumes.Add(new V1Volume { Name = ShmVolume, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } });
        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
        {
            container.VolumeMounts ??= [];
            container.VolumeMounts.Add(new V1VolumeMount { Name = TmpVolume, MountPath = "/tmp" });
        }

        pod.Containers[0].VolumeMounts.Add(new V1VolumeMount { Name = ShmVolume, MountPath = "/dev/shm" });
    }
}
