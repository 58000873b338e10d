using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// The containers and volume of a PgBouncer pod: <c>pgbouncer</c>, and <c>pgbouncer-config</c>, which makes PgBouncer
/// reload when its configuration changes. Both mount one projected volume at <c>/etc/pgbouncer</c>.
/// </summary>
public static class PgBouncerPodSpec
{
    public static V1PodSpec Build(IvoryCluster cluster, string image)
    {
        var spec = PgBouncerMetadata.Spec(cluster);
        var configMount = new V1VolumeMount { Name = Names.PgBouncerConfigVolume, MountPath = Names.PgBouncerConfigDirectory, ReadOnlyProperty = true };

        var pgBouncer = new V1Container
        {
            Name = Names.ContainerPgBouncer,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ["pgbouncer", PgBouncerFiles.IniFile],
            Resources = spec.Resources,
            SecurityContext = SecurityContexts.RestrictedContainer(),
            Ports = [new V1ContainerPort { Name = Names.PortPgBouncer, ContainerPort = spec.Port ?? 5432, Protocol = "TCP" }],
            VolumeMounts = [configMount],
        };

        var reloader = new V1Container
        {
            Name = Names.ContainerPgBouncerConfig,
            Image = image,
            ImagePullPolicy = cluster.Spec.ImagePullPolicy,
            Command = ReloadCommand(),
            SecurityContext = SecurityContexts.RestrictedContainer(),
            VolumeMounts = [configMount],
        };

        // PgBouncer drives the pod's QoS: the sidecar gets small limits only when PgBouncer has resources.
        if (spec.Resources is { } resources && (resources.Limits?.Count ?? 0) + (resources.Requests?.Count ?? 0) > 0)
        {
            reloader.Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new("5m"),
                    ["memory"] = new("16Mi"),
                },
            };
        }

        if (spec.Sidecars?.PgbouncerConfig?.Resources is { } sidecar)
        {
            reloader.Resources = sidecar;
        }

        var containers = new List<V1Container> { pgBouncer, reloader };
        containers.AddRange(spec.Containers ?? []);

        return new V1PodSpec
        {
            Containers = containers,
            Volumes =
            [
                new V1Volume { Name = Names.PgBouncerConfigVolume, Projected = new V1ProjectedVolumeSource { Sources = ConfigSources(cluster) } },
            ],
        };
    }

    /// <summary>
    /// The files of <c>/etc/pgbouncer</c>, later ones winning: the empty <c>pgbouncer.ini</c>, the user's files, the
    /// generated configuration, the authentication file, the client-facing certificate, and the CA that signed the
    /// PostgreSQL server certificate.
    /// </summary>
    public static List<V1VolumeProjection> ConfigSources(IvoryCluster cluster)
    {
        var spec = PgBouncerMetadata.Spec(cluster);
        var name = Names.ClusterPgBouncer(cluster.Metadata.Name);
        var sources = new List<V1VolumeProjection>
        {
            new() { ConfigMap = new V1ConfigMapProjection { Name = name, Items = [new V1KeyToPath { Key = PgBouncerFiles.EmptyKey, Path = PgBouncerFiles.EmptyPath }] } },
        };
        sources.AddRange(spec.Config?.Files ?? []);
        sources.Add(new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = name, Items = [new V1KeyToPath { Key = PgBouncerFiles.IniKey, Path = PgBouncerFiles.IniPath }] } });
        sources.Add(new V1VolumeProjection { Secret = new V1SecretProjection { Name = name, Items = [new V1KeyToPath { Key = PgBouncerFiles.AuthFileKey, Path = PgBouncerFiles.AuthFilePath }] } });
        sources.Add(new V1VolumeProjection { Secret = FrontendCertificate(spec.CustomTLSSecret, name) });
        sources.Add(new V1VolumeProjection { Secret = BackendAuthority(cluster) });
        return sources;
    }

    /// <summary>
    /// The certificate PgBouncer presents: from its own Secret, or from <c>customTLSSecret</c>, whose items are found by
    /// their usual paths (<c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>) and moved to where the configuration expects them.
    /// </summary>
    private static V1SecretProjection FrontendCertificate(V1SecretProjection? custom, string secret)
    {
        if (custom is null)
        {
            return new V1SecretProjection
            {
                Name = secret,
                Items =
                [
                    new V1KeyToPath { Key = PgBouncerFiles.FrontendCaKey, Path = PgBouncerFiles.FrontendCaPath },
                    new V1KeyToPath { Key = PgBouncerFiles.FrontendPrivateKeyKey, Path = PgBouncerFiles.FrontendPrivateKeyPath },
                    new V1KeyToPath { Key = PgBouncerFiles.FrontendCertificateKey, Path = PgBouncerFiles.FrontendCertificatePath },
                ],
            };
        }

        var items = (custom.Items ?? [])
            .Select(item => item.Path switch
            {
                PgBouncerFiles.TlsCaKey => Moved(item, PgBouncerFiles.FrontendCaPath),
                PgBouncerFiles.TlsCertificateKey => Moved(item, PgBouncerFiles.FrontendCertificatePath),
                PgBouncerFiles.TlsPrivateKeyKey => Moved(item, PgBouncerFiles.FrontendPrivateKeyPath),
                _ => null,
            })
            .OfType<V1KeyToPath>()
            .ToList();
        if (items.Count == 0)
        {
            items =
            [
                new V1KeyToPath { Key = PgBouncerFiles.TlsCaKey, Path = PgBouncerFiles.FrontendCaPath },
                new V1KeyToPath { Key = PgBouncerFiles.TlsPrivateKeyKey, Path = PgBouncerFiles.FrontendPrivateKeyPath },
                new V1KeyToPath { Key = PgBouncerFiles.TlsCertificateKey, Path = PgBouncerFiles.FrontendCertificatePath },
            ];
        }

        return new V1SecretProjection { Name = custom.Name, Optional = custom.Optional, Items = items };
    }

    /// <summary>The CA of PostgreSQL's server certificate: <c>ca.crt</c> of <c>customTLSSecret</c> or of <c>&lt;c&gt;-cluster-cert</c>.</summary>
    private static V1SecretProjection BackendAuthority(IvoryCluster cluster)
    {
        var custom = cluster.Spec.CustomTLSSecret;
        var items = (custom?.Items ?? [])
            .Where(item => item.Path == PgBouncerFiles.TlsCaKey)
            .Select(item => Moved(item, PgBouncerFiles.BackendCaPath))
            .ToList();
        if (items.Count == 0)
        {
            items = [new V1KeyToPath { Key = CertificateSecrets.CaKey, Path = PgBouncerFiles.BackendCaPath }];
        }

        return new V1SecretProjection
        {
            Name = custom?.Name ?? Names.ClusterTlsSecret(cluster.Metadata.Name),
            Optional = custom?.Optional,
            Items = items,
        };
    }

    private static V1KeyToPath Moved(V1KeyToPath item, string path) => new() { Key = item.Key, Mode = item.Mode, Path = path };

    /// <summary>
    /// The sidecar's command: every five seconds, when the configuration directory changed (Kubernetes swaps it
    /// atomically on every update), send SIGHUP to PgBouncer, which reloads its files. The wait is Bash's
    /// <c>read -t</c> on a pipe whose age marks the last reload. The process shows up as <c>pgbouncer-config</c>.
    /// </summary>
    public static List<string> ReloadCommand()
    {
        const string Script = """
            watch() {
              exec {marker}<> <(:)
              until read -r -t 5 -u "${marker}"; do
                if [[ "$1" -nt "/proc/self/fd/${marker}" ]] && pkill -HUP --exact pgbouncer; then
                  exec {marker}>&- && exec {marker}<> <(:)
                  stat --format='Reloaded configuration dated %y' "$1"
                fi
              done
            }
            export -f watch
            exec -a "$0" bash -ceu 'watch "$@"' "$0" "$@"
            """;
        return ["bash", "-ceu", "--", Script, Names.ContainerPgBouncerConfig, Names.PgBouncerConfigDirectory];
    }
}
