using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;

namespace Ivyo.Operator.Patroni;

/// <summary>
/// What Patroni adds to an instance pod, as ivory-operator's <c>patroni.InstancePod</c> does: the scope label, the
/// database container's command, <c>PATRONI_*</c> environment, Patroni port and probes, and the projected
/// configuration volume at <c>/etc/patroni</c>.
/// </summary>
public static class PatroniPodParts
{
    private const int DefaultPatroniPort = 8008;
    private const int DefaultPostgresPort = 5432;
    private const int ProbeInitialDelaySeconds = 3;

    /// <summary>
    /// Adds Patroni to <paramref name="template"/>, whose <c>database</c> container is created when missing. Call it
    /// after the base pod is built (ports of other containers are read for <c>PATRONI_KUBERNETES_PORTS</c>).
    /// </summary>
    /// <param name="inputs">The cluster and its surroundings.</param>
    /// <param name="set">The instance's set. Nothing of it is used today (as in ivory-operator's <c>InstancePod</c>);
    /// it keeps the signature stable for per-set Patroni settings such as tags.</param>
    /// <param name="instanceName">The instance (StatefulSet) name: it names the instance ConfigMap and certificate Secret.</param>
    /// <param name="template">The pod template to complete.</param>
    public static void AddToInstancePod(ClusterInputs inputs, InstanceSet set, string instanceName, V1PodTemplateSpec template)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(template);
        var cluster = inputs.Cluster;

        // Patroni finds its members by listing pods with the scope label (and the cluster label, kubernetes.labels).
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels ??= new Dictionary<string, string>();
        template.Metadata.Labels[Labels.Patroni] = Names.PatroniScope(inputs.Name);

        template.Spec ??= new V1PodSpec();
        template.Spec.Containers ??= [];
        var container = template.Spec.Containers.FirstOrDefault(c => c.Name == Names.ContainerDatabase);
        if (container is null)
        {
            container = new V1Container { Name = Names.ContainerDatabase };
            template.Spec.Containers.Insert(0, container);
        }

        container.Command = ["patroni", Names.PatroniConfigDirectory];

        container.Ports ??= [];
        EnsurePort(container, Names.PortIvory, PostgresPort(cluster));
        EnsurePort(container, Names.PortPatroni, PatroniPort(cluster));

        container.Env ??= [];
        foreach (var variable in Environment(cluster, template.Spec.Containers))
        {
            Replace(container.Env, variable, v => v.Name == variable.Name);
        }

        template.Spec.Volumes ??= [];
        Replace(template.Spec.Volumes, ConfigVolume(inputs.Name, instanceName), v => v.Name == Paths.PatroniConfigVolume);

        container.VolumeMounts ??= [];
        Replace(container.VolumeMounts,
            new V1VolumeMount { Name = Paths.PatroniConfigVolume, MountPath = Names.PatroniConfigDirectory, ReadOnlyProperty = true },
            m => m.Name == Paths.PatroniConfigVolume);

        // Liveness stands in for Patroni's watchdog: when Patroni stops answering, kubelet stops the container
        // around the time the leader lock expires. Readiness shows in the StatefulSet status (and tells the
        // reconciler that bootstrap finished); with Endpoints for DCS it does not route the leader Service.
        container.LivenessProbe = Probe(cluster, "/liveness");
        container.ReadinessProbe = Probe(cluster, "/readiness");
    }

    /// <summary>
    /// Probe timing from the Patroni spec, as ivory-operator's <c>probeTiming</c>: period <c>syncPeriodSeconds</c>,
    /// timeout half of it, failure threshold <c>leaderLeaseDurationSeconds / syncPeriodSeconds</c> (each at least 1),
    /// so that probes start failing about when the leader lock expires.
    /// </summary>
    public static V1Probe ProbeTiming(int leaderLeaseDurationSeconds, int syncPeriodSeconds)
    {
        var sync = Math.Max(1, syncPeriodSeconds);
        return new V1Probe
        {
            TimeoutSeconds = Math.Max(1, sync / 2),
            PeriodSeconds = sync,
            SuccessThreshold = 1,
            FailureThreshold = Math.Max(1, leaderLeaseDurationSeconds / sync),
        };
    }

    /// <summary>
    /// The <c>PATRONI_*</c> variables of the database container, in ivory-operator's order. Patroni reads them (and
    /// removes them from PostgreSQL's environment); <c>$(PATRONI_NAME)</c> is expanded by kubelet.
    /// </summary>
    public static IReadOnlyList<V1EnvVar> Environment(IvoryCluster cluster, IEnumerable<V1Container> podContainers)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(podContainers);
        var patroniPort = PatroniPort(cluster).ToString(CultureInfo.InvariantCulture);
        var postgresPort = PostgresPort(cluster).ToString(CultureInfo.InvariantCulture);
        var podSubdomain = Names.ClusterPodService(cluster.Metadata.Name);
        var dataDirectory = Paths.PostgresDataDirectory(cluster.Spec.PostgresVersion);

        return
        [
            // Patroni's "name": the pod name. Required with Kubernetes for DCS. Restart Patroni to change.
            FieldRef("PATRONI_NAME", "metadata.name"),

            // "kubernetes.pod_ip": the pod's IP, written into the leader Endpoints. Restart Patroni to change.
            FieldRef("PATRONI_KUBERNETES_POD_IP", "status.podIP"),

            // "kubernetes.ports": the leader Endpoints copy this pod's ports that the leader Service targets.
            new V1EnvVar { Name = "PATRONI_KUBERNETES_PORTS", Value = KubernetesPorts(podContainers) },

            // "postgresql.connect_address": the pod's stable DNS name. Restart PostgreSQL to change.
            new V1EnvVar { Name = "PATRONI_POSTGRESQL_CONNECT_ADDRESS", Value = $"$(PATRONI_NAME).{podSubdomain}:{postgresPort}" },

            // "postgresql.listen": all interfaces; Patroni derives listen_addresses and port from it.
            new V1EnvVar { Name = "PATRONI_POSTGRESQL_LISTEN", Value = "*:" + postgresPort },

            // "postgresql.config_dir" and "postgresql.data_dir": $PGDATA. Restart Patroni to change.
            new V1EnvVar { Name = "PATRONI_POSTGRESQL_CONFIG_DIR", Value = dataDirectory },
            new V1EnvVar { Name = "PATRONI_POSTGRESQL_DATA_DIR", Value = dataDirectory },

            // "restapi.connect_address" and "restapi.listen". Reload Patroni to change.
            new V1EnvVar { Name = "PATRONI_RESTAPI_CONNECT_ADDRESS", Value = $"$(PATRONI_NAME).{podSubdomain}:{patroniPort}" },
            new V1EnvVar { Name = "PATRONI_RESTAPI_LISTEN", Value = "*:" + patroniPort },

            // Where patronictl looks for its configuration file(s).
            new V1EnvVar { Name = "PATRONICTL_CONFIG_FILE", Value = Names.PatroniConfigDirectory },
        ];
    }

    /// <summary>
    /// The YAML list of Endpoints ports Patroni writes into the leader Endpoints (<c>&lt;c&gt;-ha</c>): one per
    /// container port named like the target port of that Service, <c>ivory</c>. ivory-operator reads the target ports
    /// from the Service object; IVYO's leader Service (ClusterServices.Leader) has exactly that one.
    /// </summary>
    public static string KubernetesPorts(IEnumerable<V1Container> podContainers)
    {
        ArgumentNullException.ThrowIfNull(podContainers);
        var ports = new JsonArray();
        foreach (var port in podContainers.SelectMany(c => c.Ports ?? []).Where(p => p.Name == Names.PortIvory))
        {
            ports.Add(new JsonObject
            {
                ["name"] = Names.PortIvory,
                ["port"] = port.ContainerPort,
                ["protocol"] = port.Protocol ?? "TCP",
            });
        }

        return YamlText.Serialize(ports);
    }

    /// <summary>
    /// The projected configuration volume: the cluster YAML, the instance YAML, then the instance certificate files;
    /// later sources win, as in ivory-operator.
    /// </summary>
    public static V1Volume ConfigVolume(string cluster, string instanceName) => new()
    {
        Name = Paths.PatroniConfigVolume,
        Projected = new V1ProjectedVolumeSource
        {
            Sources =
            [
                new V1VolumeProjection
                {
                    ConfigMap = new V1ConfigMapProjection
                    {
                        Name = Names.ClusterConfigMap(cluster),
                        Items = [new V1KeyToPath { Key = Paths.PatroniConfigMapKey, Path = Paths.PatroniClusterConfigFile }],
                    },
                },
                new V1VolumeProjection
                {
                    ConfigMap = new V1ConfigMapProjection
                    {
                        Name = Names.InstanceConfigMap(instanceName),
                        Items = [new V1KeyToPath { Key = Paths.PatroniConfigMapKey, Path = Paths.PatroniInstanceConfigFile }],
                    },
                },
                new V1VolumeProjection
                {
                    Secret = new V1SecretProjection
                    {
                        Name = Names.InstanceCertificates(instanceName),
                        Items =
                        [
                            new V1KeyToPath { Key = CertificateSecrets.PatroniCaRootsKey, Path = Paths.PatroniCertificateAuthorityFile },
                            new V1KeyToPath { Key = CertificateSecrets.PatroniCombinedKey, Path = Paths.PatroniCertificateFile },
                        ],
                    },
                },
            ],
        },
    };

    private static V1Probe Probe(IvoryCluster cluster, string path)
    {
        var spec = cluster.Spec.Patroni;
        var probe = ProbeTiming(spec?.LeaderLeaseDurationSeconds ?? 30, spec?.SyncPeriodSeconds ?? 10);
        probe.InitialDelaySeconds = ProbeInitialDelaySeconds;
        probe.HttpGet = new V1HTTPGetAction { Path = path, Port = PatroniPort(cluster), Scheme = "HTTPS" };
        return probe;
    }

    internal static int PatroniPort(IvoryCluster cluster) => cluster.Spec.Patroni?.Port ?? DefaultPatroniPort;

    private static int PostgresPort(IvoryCluster cluster) => cluster.Spec.Port ?? DefaultPostgresPort;

    /// <summary>Declares a container port unless one of that name exists.</summary>
    private static void EnsurePort(V1Container container, string name, int port)
    {
        if (!container.Ports.Any(p => p.Name == name))
        {
            container.Ports.Add(new V1ContainerPort { Name = name, ContainerPort = port, Protocol = "TCP" });
        }
    }

    private static V1EnvVar FieldRef(string name, string fieldPath) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = fieldPath } },
    };

    /// <summary>Replaces the first item that matches, or appends: calling twice gives the same pod.</summary>
    private static void Replace<T>(IList<T> items, T item, Func<T, bool> matches)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (matches(items[i]))
            {
                items[i] = item;
                return;
            }
        }

        items.Add(item);
    }
}
