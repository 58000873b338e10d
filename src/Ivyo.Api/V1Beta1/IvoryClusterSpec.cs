using System.Text.Json.Serialization;
using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>The desired state of an IvoryCluster. Field names, defaults and limits match ivory-operator's v1beta1.</summary>
[CelRule("!has(self.customTLSSecret) || has(self.customReplicationTLSSecret)",
    "customReplicationTLSSecret is required when customTLSSecret is set", FieldPath = ".customReplicationTLSSecret")]
[CelRule("!has(self.customReplicationTLSSecret) || has(self.customTLSSecret)",
    "customTLSSecret is required when customReplicationTLSSecret is set", FieldPath = ".customTLSSecret")]
public sealed class IvoryClusterSpec
{
    [Doc("Specifies a data source for bootstrapping the IvorySQL cluster.")]
    public DataSource? DataSource { get; set; }

    [Doc("PostgreSQL backup configuration")]
    [Required]
    public Backups Backups { get; set; } = new();

    [Doc("The secret containing the Certificates and Keys to encrypt IvorySQL traffic will need to contain the server TLS certificate, TLS key and the Certificate Authority certificate with the data keys set to tls.crt, tls.key and ca.crt, respectively.")]
    public V1SecretProjection? CustomTLSSecret { get; set; }

    [Doc("The secret containing the replication client certificates and keys for secure connections to the IvorySQL server. It will need to contain the client TLS certificate, TLS key and the Certificate Authority certificate with the data keys set to tls.crt, tls.key and ca.crt, respectively. NOTE: If CustomReplicationClientTLSSecret is provided, CustomTLSSecret MUST be provided and the ca.crt provided must be the same.")]
    public V1SecretProjection? CustomReplicationTLSSecret { get; set; }

    [Doc("DatabaseInitSQL defines a ConfigMap containing custom SQL that will be run after the cluster is initialized. This ConfigMap must be in the same namespace as the cluster.")]
    public DatabaseInitSql? DatabaseInitSQL { get; set; }

    [Doc("Whether or not the IvorySQL cluster should use the defined default scheduling constraints. If the field is unset or false, the default scheduling constraints will be used in addition to any custom constraints provided.")]
    public bool? DisableDefaultPodScheduling { get; set; }

    [Doc("The image name to use for IvorySQL containers. When omitted, the value comes from an operator environment variable.")]
    public string? Image { get; set; }

    [Doc("ImagePullPolicy is used to determine when Kubernetes will attempt to pull (download) container images.")]
    [Enum("Always", "Never", "IfNotPresent")]
    public string? ImagePullPolicy { get; set; }

    [Doc("The image pull secrets used to pull from a private registry")]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [Doc("Specifies one or more sets of IvorySQL pods that replicate data for this cluster.")]
    [Required]
    [MinItems(1)]
    [ListMap("name")]
    public IList<InstanceSet> Instances { get; set; } = [];

    [Doc("Whether or not the IvorySQL cluster is being deployed to an OpenShift environment.")]
    public bool? Openshift { get; set; }

    public PatroniSpec? Patroni { get; set; }

    [Doc("Suspends the rollout and reconciliation of changes made to the IvoryCluster spec.")]
    public bool? Paused { get; set; }

    [Doc("The port on which IvorySQL should listen.")]
    [Default("5432")]
    [Minimum(1024)]
    public int? Port { get; set; }

    [Doc("The major version of PostgreSQL installed in the IvorySQL image")]
    [Required]
    [Minimum(10)]
    [Maximum(18)]
    [Format("")] // ivory-operator's field is a Go int, which has no format
    public int PostgresVersion { get; set; }

    [Doc("The PostGIS extension version installed in the IvorySQL image. When image is not set, indicates a PostGIS enabled image will be used.")]
    [JsonPropertyName("postGISVersion")]
    public string? PostGISVersion { get; set; }

    [Doc("The specification of a proxy that connects to IvorySQL.")]
    public Proxy? Proxy { get; set; }

    [Doc("The specification of a user interface that connects to IvorySQL.")]
    public UserInterface? UserInterface { get; set; }

    [Doc("The specification of monitoring tools that connect to IvorySQL")]
    public Monitoring? Monitoring { get; set; }

    [Doc("Specification of the service that exposes the IvorySQL primary instance.")]
    public ServiceSpec? Service { get; set; }

    [Doc("Whether or not the IvorySQL cluster should be stopped. When this is true, workloads are scaled to zero and CronJobs are suspended. Other resources, such as Services and Volumes, remain in place.")]
    public bool? Shutdown { get; set; }

    [Doc("Run this cluster as a read-only copy of an existing cluster or archive.")]
    public StandbySpec? Standby { get; set; }

    [Doc("A list of group IDs applied to the process of a container. These can be useful when accessing shared file systems with constrained permissions. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod")]
    [Minimum(1)] // each group; never root's
    [Maximum(int.MaxValue)]
    public IList<long>? SupplementalGroups { get; set; }

    [Doc("Users to create inside IvorySQL and the databases they should access. The default creates one user that can access one database matching the IvoryCluster name. An empty list creates no users. Removing a user from this list does NOT drop the user nor revoke their access.")]
    [ListMap("name")]
    public IList<IvoryUserSpec>? Users { get; set; }

    public IvoryConfig? Config { get; set; }

    [Doc("Metadata contains metadata for custom resources")]
    public Metadata? Metadata { get; set; }
}

/// <summary>Labels and annotations IVYO adds to the objects it creates.</summary>
public sealed class Metadata
{
    public IDictionary<string, string>? Labels { get; set; }

    public IDictionary<string, string>? Annotations { get; set; }
}

/// <summary>A key in a ConfigMap.</summary>
public sealed class DatabaseInitSql
{
    [Doc("Name is the name of a ConfigMap")]
    [Required]
    public string Name { get; set; } = "";

    [Doc("Key is the ConfigMap data key that points to a SQL string")]
    [Required]
    public string Key { get; set; } = "";
}

/// <summary>Extra files projected into the database container's configuration directory.</summary>
public sealed class IvoryConfig
{
    public IList<V1VolumeProjection>? Files { get; set; }
}

/// <summary>The Service that exposes an IvorySQL primary, PgBouncer or pgAdmin.</summary>
public sealed class ServiceSpec
{
    public Metadata? Metadata { get; set; }

    [Doc("The port on which this service is exposed when type is NodePort or LoadBalancer. Value must be in-range and not in use or the operation will fail. If unspecified, a port will be allocated if this Service requires one.")]
    public int? NodePort { get; set; }

    [Doc("More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types")]
    [Default("\"ClusterIP\"")]
    [Enum("ClusterIP", "NodePort", "LoadBalancer")]
    public string? Type { get; set; }
}

/// <summary>A cluster that follows another cluster or a pgBackRest repository.</summary>
public sealed class StandbySpec
{
    [Doc("Whether or not the IvorySQL cluster should be read-only. When this is true, WAL files are applied from a pgBackRest repository or another IvorySQL server.")]
    [Default("true")]
    public bool? Enabled { get; set; }

    [Doc("The name of the pgBackRest repository to follow for WAL files.")]
    [Pattern("^repo[1-4]")]
    public string? RepoName { get; set; }

    [Doc("Network address of the IvorySQL server to follow via streaming replication.")]
    public string? Host { get; set; }

    [Doc("Network port of the IvorySQL server to follow via streaming replication.")]
    [Minimum(1024)]
    public int? Port { get; set; }
}

/// <summary>A role IVYO creates in PostgreSQL, with a Secret holding its credentials.</summary>
public sealed class IvoryUserSpec
{
    [Doc("The name of this IvorySQL user. The value may contain only lowercase letters, numbers, and hyphen so that it fits into Kubernetes metadata.")]
    [Required]
    [MinLength(1)]
    [MaxLength(63)]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Name { get; set; } = "";

    [Doc("Databases to which this user can connect and create objects. Removing a database from this list does NOT revoke access. This field is ignored for the \"postgres\" user.")]
    [ListSet]
    [MinLength(1)] // each database name: a PostgreSQL identifier
    [MaxLength(63)]
    public IList<string>? Databases { get; set; }

    [Doc("ALTER ROLE options except for PASSWORD. This field is ignored for the \"postgres\" user. More info: https://www.postgresql.org/docs/current/role-attributes.html")]
    [Pattern("^[^;]*$")]
    public string? Options { get; set; }

    [Doc("Properties of the password generated for this user.")]
    public IvoryPasswordSpec? Password { get; set; }
}

public sealed class IvoryPasswordSpec
{
    [Doc("Type of password to generate. Defaults to ASCII. Valid options are ASCII and AlphaNumeric. \"ASCII\" passwords contain letters, numbers, and symbols from the US-ASCII character set. \"AlphaNumeric\" passwords contain letters and numbers from the US-ASCII character set.")]
    [Required]
    [Default("\"ASCII\"")]
    [Enum("ASCII", "AlphaNumeric")]
    public string Type { get; set; } = "ASCII";
}
