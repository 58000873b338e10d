using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The pieces pgBackRest adds to instance, repo-host and backup pods: the projected configuration volume at
/// <c>/etc/pgbackrest/conf.d</c>, and the TLS server with its configuration-reloading sidecar.
/// </summary>
internal static class PgBackRestPodParts
{
    /// <summary>
    /// The configuration files of an instance: the user's projections first (later projections win), then the
    /// instance configuration and, with a repo host, the server configuration and the client certificates. The Secret
    /// is optional so that pods keep starting while a repo host is added or removed.
    /// </summary>
    public static List<V1VolumeProjection> InstanceConfigSources(IvoryCluster cluster)
    {
        var name = cluster.Metadata.Name;
        var configMap = new V1ConfigMapProjection
        {
            Name = Names.PgBackRestConfig(name),
            Items =
            [
                new V1KeyToPath { Key = PgBackRestFiles.InstanceConfigKey, Path = PgBackRestFiles.InstanceConfigKey },
                new V1KeyToPath { Key = PgBackRestFiles.ConfigHashKey, Path = PgBackRestFiles.ConfigHashKey },
            ],
        };

        var sources = new List<V1VolumeProjection>(cluster.Spec.Backups.PgBackRest.Configuration ?? []);
        if (!RepoHostStatefulSet.Enabled(cluster))
        {
            sources.Add(new V1VolumeProjection { ConfigMap = configMap });
            return sources;
        }

        configMap.Items.Add(new V1KeyToPath { Key = PgBackRestFiles.ServerConfigKey, Path = PgBackRestFiles.ServerConfigPath });
        sources.Add(new V1VolumeProjection { ConfigMap = configMap });
        sources.Add(new V1VolumeProjection
        {
            Secret = new V1SecretProjection { Name = Names.PgBackRestSecret(name), Items = ClientCertificates(), Optional = true },
        });
        return sources;
    }

    /// <summary>The configuration files of the repo host: the repository configuration, the server configuration and the client certificates.</summary>
    public static List<V1VolumeProjection> RepoHostConfigSources(IvoryCluster cluster)
    {
        var name = cluster.Metadata.Name;
        var sources = new List<V1VolumeProjection>(cluster.Spec.Backups.PgBackRest.Configuration ?? [])
        {
            new()
            {
                ConfigMap = new V1ConfigMapProjection
                {
                    Name = Names.PgBackRestConfig(name),
                    Items =
                    [
                        new V1KeyToPath { Key = PgBackRestFiles.RepoConfigKey, Path = PgBackRestFiles.RepoConfigKey },
                        new V1KeyToPath { Key = PgBackRestFiles.ConfigHashKey, Path = PgBackRestFiles.ConfigHashKey },
                        new V1KeyToPath { Key = PgBackRestFiles.ServerConfigKey, Path = PgBackRestFiles.ServerConfigPath },
                    ],
                },
            },
            new() { Secret = new V1SecretProjection { Name = Names.PgBackRestSecret(name), Items = ClientCertificates() } },
        };
        return sources;
    }

    /// <summary>Mounts the configuration volume read-only into the containers that read it.</summary>
    public static void AddConfigVolume(V1PodSpec pod, List<V1VolumeProjection> sources)
    {
        pod.Volumes ??= [];
        pod.Volumes.Add(new V1Volume { Name = Names.PgBackRestConfigVolume, Projected = new V1ProjectedVolumeSource { Sources = sources } });
        foreach (var container in pod.Containers.Where(c => ReadsConfig(c.Name)))
        {
            container.VolumeMounts ??= [];
            container.VolumeMounts.Add(new V1VolumeMount
            {
                Name = Names.PgBackRestConfigVolume,
                MountPath = Names.PgBackRestConfigDirectory,
                ReadOnlyProperty = true,
            });
        }
    }

    /// <summary>
    /// Adds the <c>pgbackrest</c> TLS server and its <c>pgbackrest-config</c> sidecar, and the server certificate
    /// volume. The server also mounts the PostgreSQL data, WAL and tablespace volumes already in the pod, so that the
    /// repo host can back them up. Returns the server container.
    /// </summary>
    public static V1Container AddServer(
        IvoryCluster cluster, V1PodSpec pod, V1SecretProjection certificates, V1ResourceRequirements? resources, string image)
    {
        var serverMount = new V1VolumeMount { Name = Names.PgBackRestServerVolume, MountPath = Names.PgBackRestServerDirectory, ReadOnlyProperty = true };
        var server = new V1Container
        {
            Name = Names.ContainerPgBackRest,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ["pgbackrest", "server"],
            LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["pgbackrest", "server-ping"] } },
            Resources = resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [serverMount],
        };

        var dataMounts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [InstancePod.DataVolume] = Names.DataMountPath,
            [InstancePod.WalVolume] = Names.WalMountPath,
        };
        foreach (var tablespace in cluster.Spec.Instances.SelectMany(set => set.TablespaceVolumes ?? []))
        {
            dataMounts[Names.TablespaceVolume(tablespace.Name)] = Names.TablespaceMountPath(tablespace.Name);
        }

        pod.Volumes ??= [];
        foreach (var volume in pod.Volumes)
        {
            if (dataMounts.TryGetValue(volume.Name, out var path))
            {
                server.VolumeMounts.Add(new V1VolumeMount { Name = volume.Name, MountPath = path });
            }
        }

        var reloader = new V1Container
        {
            Name = Names.ContainerPgBackRestConfig,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ReloadCommand(),
            Resources = cluster.Spec.Backups.PgBackRest.Sidecars?.PgBackRestConfig?.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            // The configuration volume is mounted by AddConfigVolume.
            VolumeMounts = [serverMount],
        };

        pod.Containers ??= [];
        pod.Containers.Add(server);
        pod.Containers.Add(reloader);
        pod.Volumes.Add(new V1Volume
        {
            Name = Names.PgBackRestServerVolume,
            Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { Secret = certificates }] },
        });
        return server;
    }

    /// <summary>The containers that read pgBackRest's configuration.</summary>
    private static bool ReadsConfig(string container) => container is Names.ContainerDatabase or Names.ContainerPgBackRestConfig
        or Names.ContainerPgBackRest or Names.ContainerPgBackRestRestore;

    /// <summary>The CA and the cluster's client certificate, as pgBackRest's <c>*-host-*-file</c> options name them.</summary>
    public static List<V1KeyToPath> ClientCertificates() =>
    [
        new() { Key = PgBackRestFiles.CaKey, Path = PgBackRestFiles.CaPath },
        new() { Key = PgBackRestFiles.ClientCertificateKey, Path = PgBackRestFiles.ClientCertificatePath },
        new() { Key = PgBackRestFiles.ClientPrivateKeyKey, Path = PgBackRestFiles.ClientPrivateKeyPath, Mode = PgBackRestFiles.PrivateKeyMode },
    ];

    /// <summary>
    /// The sidecar's command: every five seconds, when the server configuration, the certificate directory or the CA
    /// changed, send SIGHUP to the TLS server (pgBackRest 2.37 and later reload on it). Only the server's main process,
    /// whose parent is outside the container (PID 0), is signalled, not its forked connection handlers. The wait is
    /// Bash's <c>read -t</c> on a pipe, and the pipe's age marks the last reload, so no other process or file is needed.
    /// The process shows up as <c>pgbackrest-config</c> in <c>ps</c>.
    /// </summary>
    public static List<string> ReloadCommand()
    {
        const string Script = """
            watch() {
              local changed
              exec {marker}<> <(:)
              until read -r -t 5 -u "${marker}"; do
                changed=''
                for path in "$3" "$1" "$2"; do
                  if [[ -z "${changed}" && "${path}" -nt "/proc/self/fd/${marker}" ]]; then changed="${path}"; fi
                done
                if [[ -n "${changed}" ]] && pkill -HUP --exact --parent=0 pgbackrest; then
                  exec {marker}>&- && exec {marker}<> <(:)
                  stat --dereference --format='Reloaded for %n dated %y' "${changed}"
                fi
              done
            }
            export -f watch
            exec -a "$0" bash -ceu 'watch "$@"' "$0" "$@"
            """;
        return
        [
            "bash", "-ceu", "--", Script, Names.ContainerPgBackRestConfig,
            Names.PgBackRestServerDirectory, PgBackRestFiles.CaFile, PgBackRestFiles.ServerConfigFile,
        ];
    }
}
