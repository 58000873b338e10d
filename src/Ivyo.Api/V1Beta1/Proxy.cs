using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

public sealed class Proxy
{
    [Doc("Defines a PgBouncer proxy and connection pooler.")]
    [Required]
    public PgBouncerPod PgBouncer { get; set; } = new();
}

/// <summary>PgBouncer: a connection pooler in front of the primary.</summary>
public sealed class PgBouncerPod
{
    public Metadata? Metadata { get; set; }

    [Doc("Scheduling constraints of a PgBouncer pod. Changing this value causes PgBouncer to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node")]
    public V1Affinity? Affinity { get; set; }

    [Doc("Configuration settings for the PgBouncer process. Changes to any of these values will be automatically reloaded without validation. Be careful, as you may put PgBouncer into an unusable state. More info: https://www.pgbouncer.org/usage.html#reload")]
    public PgBouncerConfiguration? Config { get; set; }

    [Doc("Custom sidecars for a PgBouncer pod. Changing this value causes PgBouncer to restart.")]
    public IList<V1Container>? Containers { get; set; }

    [Doc("A secret projection containing a certificate and key with which to encrypt connections to PgBouncer. The \"tls.crt\", \"tls.key\", and \"ca.crt\" paths must be PEM-encoded certificates and keys. Changing this value causes PgBouncer to restart. More info: https://kubernetes.io/docs/concepts/configuration/secret/#projection-of-secret-keys-to-specific-paths")]
    public V1SecretProjection? CustomTLSSecret { get; set; }

    [Doc("Name of a container image that can run PgBouncer 1.15 or newer. Changing this value causes PgBouncer to restart. The image may also be set using the RELATED_IMAGE_PGBOUNCER environment variable. More info: https://kubernetes.io/docs/concepts/containers/images")]
    public string? Image { get; set; }

    [Doc("Port on which PgBouncer should listen for client connections. Changing this value causes PgBouncer to restart.")]
    [Default("5432")]
    [Minimum(1024)]
    public int? Port { get; set; }

    [Doc("Priority class name for the pgBouncer pod. Changing this value causes IvorySQL to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/")]
    public string? PriorityClassName { get; set; }

    [Doc("Number of desired PgBouncer pods.")]
    [Default("1")]
    [Minimum(0)]
    public int? Replicas { get; set; }

    [Doc("Minimum number of pods that should be available at a time. Defaults to one when the replicas field is greater than one.")]
    public IntOrString? MinAvailable { get; set; }

    [Doc("Compute resources of a PgBouncer container. Changing this value causes PgBouncer to restart. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers")]
    public V1ResourceRequirements? Resources { get; set; }

    [Doc("Specification of the service that exposes PgBouncer.")]
    public ServiceSpec? Service { get; set; }

    [Doc("Configuration for pgBouncer sidecar containers")]
    public PgBouncerSidecars? Sidecars { get; set; }

    [Doc("Tolerations of a PgBouncer pod. Changing this value causes PgBouncer to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Doc("Topology spread constraints of a PgBouncer pod. Changing this value causes PgBouncer to restart. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-topology-spread-constraints/")]
    public IList<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }
}

public sealed class PgBouncerConfiguration
{
    [Doc("Files to mount under \"/etc/pgbouncer\". When specified, settings in the \"pgbouncer.ini\" file are loaded before all others. From there, other files may be included by absolute path. Changing these references causes PgBouncer to restart, but changes to the file contents are automatically reloaded. More info: https://www.pgbouncer.org/config.html#include-directive")]
    public IList<V1VolumeProjection>? Files { get; set; }

    [Doc("Settings that apply to the entire PgBouncer process. More info: https://www.pgbouncer.org/config.html")]
    public IDictionary<string, string>? Global { get; set; }

    [Doc("PgBouncer database definitions. The key is the database requested by a client while the value is a libpq-styled connection string. The special key \"*\" acts as a fallback. When this field is empty, PgBouncer is configured with a single \"*\" entry that connects to the primary IvorySQL instance. More info: https://www.pgbouncer.org/config.html#section-databases")]
    public IDictionary<string, string>? Databases { get; set; }

    [Doc("Connection settings specific to particular users. More info: https://www.pgbouncer.org/config.html#section-users")]
    public IDictionary<string, string>? Users { get; set; }
}

public sealed class PgBouncerSidecars
{
    [Doc("Defines the configuration for the pgBouncer config sidecar container")]
    public Sidecar? PgbouncerConfig { get; set; }
}

public sealed class PgBouncerStatus
{
    [Doc("Identifies the revision of PgBouncer assets that have been installed into IvorySQL.")]
    public string? PostgresRevision { get; set; }

    [Doc("Total number of ready pods.")]
    public int? ReadyReplicas { get; set; }

    [Doc("Total number of non-terminated pods.")]
    public int? Replicas { get; set; }
}

public sealed class ProxyStatus
{
    public PgBouncerStatus? PgBouncer { get; set; }
}
