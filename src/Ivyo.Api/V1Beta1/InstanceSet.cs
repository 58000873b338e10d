using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>A group of identical IvorySQL instances, each in its own StatefulSet.</summary>
public sealed class InstanceSet
{
    public Metadata? Metadata { get; set; }

    [Doc("Name that associates this set of IvorySQL pods. This field is optional when only one instance set is defined. Each instance set in a cluster must have a unique name. The combined length of this and the cluster name must be 46 characters or less.")]
    [Default("\"\"")]
    [Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$")]
    public string? Name { get; set; }

    [Doc("Scheduling constraints of an IvorySQL pod. Changing this value causes IvorySQL to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node")]
    public V1Affinity? Affinity { get; set; }

    [Doc("Custom sidecars for IvorySQL instance pods. Changing this value causes IvorySQL to restart.")]
    public IList<V1Container>? Containers { get; set; }

    [Doc("Defines a PersistentVolumeClaim for IvorySQL data. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes")]
    [Required]
    public VolumeClaimSpec DataVolumeClaimSpec { get; set; } = new();

    [Doc("Priority class name for the IvorySQL pod. Changing this value causes IvorySQL to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/")]
    public string? PriorityClassName { get; set; }

    [Doc("Number of desired IvorySQL pods.")]
    [Default("1")]
    [Minimum(1)]
    public int? Replicas { get; set; }

    [Doc("Minimum number of pods that should be available at a time. Defaults to one when the replicas field is greater than one.")]
    public IntOrString? MinAvailable { get; set; }

    [Doc("Compute resources of an IvorySQL container.")]
    public V1ResourceRequirements? Resources { get; set; }

    [Doc("Configuration for instance sidecar containers")]
    public InstanceSidecars? Sidecars { get; set; }

    [Doc("Tolerations of an IvorySQL pod. Changing this value causes IvorySQL to restart. More info: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Doc("Topology spread constraints of an IvorySQL pod. Changing this value causes IvorySQL to restart. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-topology-spread-constraints/")]
    public IList<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    [Doc("Defines a separate PersistentVolumeClaim for IvorySQL's write-ahead log. More info: https://www.postgresql.org/docs/current/wal.html")]
    public VolumeClaimSpec? WalVolumeClaimSpec { get; set; }

    [Doc("The list of tablespaces volumes to mount for this instance set.")]
    [ListMap("name")]
    public IList<TablespaceVolume>? TablespaceVolumes { get; set; }
}

/// <summary>
/// A PersistentVolumeClaimSpec in which access modes and a storage request are required, as ivory-operator demands.
/// </summary>
public sealed class VolumeClaimSpec
{
    [Required]
    [MinItems(1)]
    public IList<string> AccessModes { get; set; } = [];

    public V1TypedLocalObjectReference? DataSource { get; set; }

    public V1TypedObjectReference? DataSourceRef { get; set; }

    [Required]
    public VolumeClaimResources Resources { get; set; } = new();

    public V1LabelSelector? Selector { get; set; }

    public string? StorageClassName { get; set; }

    public string? VolumeAttributesClassName { get; set; }

    public string? VolumeMode { get; set; }

    public string? VolumeName { get; set; }
}

/// <summary>The resources of a volume claim, where a storage request is required.</summary>
public sealed class VolumeClaimResources
{
    public IDictionary<string, ResourceQuantity>? Limits { get; set; }

    [Required]
    [RequiredKeys("storage")]
    public IDictionary<string, ResourceQuantity> Requests { get; set; } = new Dictionary<string, ResourceQuantity>();
}

/// <summary>A volume for one tablespace.</summary>
public sealed class TablespaceVolume
{
    [Doc("The name for the tablespace, used as the path name for the volume. Must be unique in the instance set since they become the directory names.")]
    [Required]
    [MinLength(1)]
    [Pattern("^[a-z][a-z0-9]*$")]
    public string Name { get; set; } = "";

    [Doc("Defines a PersistentVolumeClaim for a tablespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes")]
    [Required]
    public V1PersistentVolumeClaimSpec DataVolumeClaimSpec { get; set; } = new();
}

public sealed class InstanceSidecars
{
    [Doc("Defines the configuration for the replica cert copy sidecar container")]
    public Sidecar? ReplicaCertCopy { get; set; }
}

/// <summary>Settings of one of IVYO's own sidecar containers.</summary>
public sealed class Sidecar
{
    [Doc("Resource requirements for a sidecar container")]
    public V1ResourceRequirements? Resources { get; set; }
}

/// <summary>Status of one instance set.</summary>
public sealed class InstanceSetStatus
{
    [Required]
    public string Name { get; set; } = "";

    [Doc("Total number of ready pods.")]
    public int? ReadyReplicas { get; set; }

    [Doc("Total number of pods.")]
    public int? Replicas { get; set; }

    [Doc("Total number of pods that have the desired specification.")]
    public int? UpdatedReplicas { get; set; }
}
