using System.Text.Json.Nodes;
using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>A user interface for the cluster. IVYO accepts it for compatibility; it deploys no pgAdmin yet.</summary>
public sealed class UserInterface
{
    [Doc("Defines a pgAdmin user interface.")]
    [Required]
    public PgAdminPod PgAdmin { get; set; } = new();
}

public sealed class PgAdminPod
{
    public Metadata? Metadata { get; set; }

    [Doc("Scheduling constraints of a pgAdmin pod. Changing this value causes pgAdmin to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node")]
    public V1Affinity? Affinity { get; set; }

    [Doc("Configuration settings for the pgAdmin process. Changes to any of these values will be loaded without validation. Be careful, as you may put pgAdmin into an unusable state.")]
    public PgAdminConfiguration? Config { get; set; }

    [Doc("Defines a PersistentVolumeClaim for pgAdmin data. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes")]
    [Required]
    public V1PersistentVolumeClaimSpec DataVolumeClaimSpec { get; set; } = new();

    [Doc("Name of a container image that can run pgAdmin 4. Changing this value causes pgAdmin to restart. The image may also be set using the RELATED_IMAGE_PGADMIN environment variable. More info: https://kubernetes.io/docs/concepts/containers/images")]
    public string? Image { get; set; }

    [Doc("Priority class name for the pgAdmin pod. Changing this value causes pgAdmin to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/")]
    public string? PriorityClassName { get; set; }

    [Doc("Number of desired pgAdmin pods.")]
    [Default("1")]
    [Minimum(0)]
    [Maximum(1)]
    public int? Replicas { get; set; }

    [Doc("Compute resources of a pgAdmin container. Changing this value causes pgAdmin to restart. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers")]
    public V1ResourceRequirements? Resources { get; set; }

    [Doc("Specification of the service that exposes pgAdmin.")]
    public ServiceSpec? Service { get; set; }

    [Doc("Tolerations of a pgAdmin pod. Changing this value causes pgAdmin to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Doc("Topology spread constraints of a pgAdmin pod. Changing this value causes pgAdmin to restart. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-topology-spread-constraints/")]
    public IList<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }
}

public sealed class PgAdminConfiguration
{
    [Doc("Files allows the user to mount projected volumes into the pgAdmin container so that files can be referenced by pgAdmin as needed.")]
    public IList<V1VolumeProjection>? Files { get; set; }

    [Doc("A Secret containing the value for the LDAP_BIND_PASSWORD setting. More info: https://www.pgadmin.org/docs/pgadmin4/latest/ldap.html")]
    public V1SecretKeySelector? LdapBindPassword { get; set; }

    [Doc("Settings for the pgAdmin server process. Keys should be uppercase and values must be constants. More info: https://www.pgadmin.org/docs/pgadmin4/latest/config_py.html")]
    [PreserveUnknownFields]
    public JsonObject? Settings { get; set; }
}

public sealed class UserInterfaceStatus
{
    public PgAdminStatus? PgAdmin { get; set; }
}

public sealed class PgAdminStatus
{
    [Doc("Hash that indicates which users have been installed into pgAdmin.")]
    public string? UsersRevision { get; set; }
}
