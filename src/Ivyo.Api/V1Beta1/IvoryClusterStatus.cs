using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>The observed state of an IvoryCluster.</summary>
public sealed class IvoryClusterStatus
{
    [Doc("conditions represent the observations of IvoryCluster's current state. Known .status.conditions.type are: \"PersistentVolumeResizing\", \"Progressing\", \"ProxyAvailable\"")]
    [ListMap("type")]
    public IList<V1Condition>? Conditions { get; set; }

    [Doc("The pod Patroni last labelled the leader (role master or primary), as IVYO observed it. An IVYO addition, not in ivory-operator.")]
    public string? CurrentPrimary { get; set; }

    [Doc("DatabaseInitSQL state of custom database initialization in the cluster")]
    public string? DatabaseInitSQL { get; set; }

    [Doc("Identifies the databases that have been installed into IvorySQL.")]
    public string? DatabaseRevision { get; set; }

    [Doc("Current state of IvorySQL instances.")]
    [ListMap("name")]
    public IList<InstanceSetStatus>? Instances { get; set; }

    [Doc("Current state of IvorySQL cluster monitoring tool configuration")]
    public MonitoringStatus? Monitoring { get; set; }

    [Doc("observedGeneration represents the .metadata.generation on which the status was based.")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }

    public PatroniStatus? Patroni { get; set; }

    [Doc("Status information for pgBackRest")]
    [System.Text.Json.Serialization.JsonPropertyName("pgbackrest")]
    public PgBackRestStatus? PgBackRest { get; set; }

    [Doc("Stores the current IvorySQL major version following a successful major IvorySQL upgrade.")]
    [Format("")] // a Go int in ivory-operator
    public int? PostgresVersion { get; set; }

    [Doc("Current state of the IvorySQL proxy.")]
    public ProxyStatus? Proxy { get; set; }

    [Doc("The instance that should be started first when bootstrapping and/or starting a IvoryCluster.")]
    public string? StartupInstance { get; set; }

    [Doc("The instance set associated with the startupInstance")]
    public string? StartupInstanceSet { get; set; }

    [Doc("Current state of the IvorySQL user interface.")]
    public UserInterfaceStatus? UserInterface { get; set; }

    [Doc("Identifies the users that have been installed into IvorySQL.")]
    public string? UsersRevision { get; set; }
}

public sealed class PgBackRestStatus
{
    [Doc("Status information for manual backups")]
    public PgBackRestJobStatus? ManualBackup { get; set; }

    [Doc("Status information for the pgBackRest dedicated repository host")]
    public RepoHostStatus? RepoHost { get; set; }

    [Doc("Status information for pgBackRest repositories")]
    [ListMap("name")]
    public IList<RepoStatus>? Repos { get; set; }

    [Doc("Status information for in-place restores")]
    public PgBackRestJobStatus? Restore { get; set; }

    [Doc("Status information for scheduled backups")]
    public IList<PgBackRestScheduledBackupStatus>? ScheduledBackups { get; set; }
}

public sealed class PgBackRestJobStatus : JobProgress
{
    [Doc("A unique identifier for the manual backup as provided using the \"pgbackrest-backup\" annotation when initiating a backup.")]
    [Required]
    public string Id { get; set; } = "";

    [Doc("Specifies whether or not the Job is finished executing (does not indicate success or failure).")]
    [Required]
    public bool Finished { get; set; }

}

public sealed class PgBackRestScheduledBackupStatus : JobProgress
{
    [Doc("The name of the associated pgBackRest scheduled backup CronJob")]
    public string? CronJobName { get; set; }

    [Doc("The name of the associated pgBackRest repository")]
    public string? Repo { get; set; }

    [Doc("The pgBackRest backup type for this Job")]
    public string? Type { get; set; }

}

public sealed class RepoHostStatus
{
    [Doc("APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.")]
    public string? ApiVersion { get; set; }

    [Doc("Kind is a string value representing the REST resource this object represents.")]
    public string? Kind { get; set; }

    [Doc("Whether or not the pgBackRest repository host is ready for use.")]
    public bool? Ready { get; set; }
}

public sealed class RepoStatus
{
    [Doc("The name of the pgBackRest repository")]
    [Required]
    public string Name { get; set; } = "";

    [Doc("Whether or not the pgBackRest repository PersistentVolumeClaim is bound to a volume.")]
    public bool? Bound { get; set; }

    [Doc("The name of the volume the containing the pgBackRest repository")]
    public string? Volume { get; set; }

    [Doc("Specifies whether or not a stanza has been successfully created for the repository")]
    public bool? StanzaCreated { get; set; }

    [Doc("ReplicaCreateBackupReady indicates whether a backup exists in the repository as needed to bootstrap replicas.")]
    public bool? ReplicaCreateBackupComplete { get; set; }

    [Doc("A hash of the required fields in the spec for defining an Azure, GCS or S3 repository, Utilized to detect changes to these fields and then execute pgBackRest stanza-create commands accordingly.")]
    public string? RepoOptionsHash { get; set; }
}

/// <summary>The progress of a pgBackRest Job, copied from the Job's status.</summary>
public abstract class JobProgress
{
    [Doc("Represents the time the manual backup Job was acknowledged by the Job controller. It is represented in RFC3339 form and is in UTC.")]
    public DateTime? StartTime { get; set; }

    [Doc("Represents the time the manual backup Job was determined by the Job controller to be completed.  This field is only set if the backup completed successfully. Additionally, it is represented in RFC3339 form and is in UTC.")]
    public DateTime? CompletionTime { get; set; }

    [Doc("The number of actively running manual backup Pods.")]
    public int? Active { get; set; }

    [Doc("The number of Pods for the manual backup Job that reached the \"Succeeded\" phase.")]
    public int? Succeeded { get; set; }

    [Doc("The number of Pods for the manual backup Job that reached the \"Failed\" phase.")]
    public int? Failed { get; set; }
}
