using System.Text.Json.Nodes;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>Patroni settings: the HA agent in every instance pod.</summary>
public sealed class PatroniSpec
{
    [Doc("Patroni dynamic configuration settings. Changes to this value will be automatically reloaded without validation. Changes to certain IvorySQL parameters cause IvorySQL to restart. More info: https://patroni.readthedocs.io/en/latest/SETTINGS.html")]
    [PreserveUnknownFields]
    public JsonObject? DynamicConfiguration { get; set; }

    [Doc("TTL of the cluster leader lock. \"Think of it as the length of time before initiation of the automatic failover process.\" Changing this value causes IvorySQL to restart.")]
    [Default("30")]
    [Minimum(3)]
    public int? LeaderLeaseDurationSeconds { get; set; }

    [Doc("The port on which Patroni should listen. Changing this value causes IvorySQL to restart.")]
    [Default("8008")]
    [Minimum(1024)]
    public int? Port { get; set; }

    [Doc("Switchover gives options to perform ad hoc switchovers in an IvoryCluster.")]
    public PatroniSwitchover? Switchover { get; set; }

    [Doc("The interval for refreshing the leader lock and applying dynamicConfiguration. Must be less than leaderLeaseDurationSeconds. Changing this value causes IvorySQL to restart.")]
    [Default("10")]
    [Minimum(1)]
    public int? SyncPeriodSeconds { get; set; }
}

/// <summary>A requested switchover or failover, carried out when the trigger annotation changes.</summary>
public sealed class PatroniSwitchover
{
    [Doc("Whether or not the operator should allow switchovers in an IvoryCluster")]
    [Required]
    public bool Enabled { get; set; }

    [Doc("The instance that should become primary during a switchover. This field is optional when Type is \"Switchover\" and required when Type is \"Failover\". When it is not specified, a healthy replica is automatically selected.")]
    public string? TargetInstance { get; set; }

    [Doc("Type of switchover to perform. Valid options are Switchover and Failover. \"Switchover\" changes the primary instance of a healthy IvoryCluster. \"Failover\" forces a particular instance to be primary, regardless of other factors. A TargetInstance must be specified to failover. NOTE: The Failover type is reserved as the \"last resort\" case.")]
    [Default("\"Switchover\"")]
    [Enum("Switchover", "Failover")]
    public string? Type { get; set; }
}

/// <summary>Patroni's part of the cluster status.</summary>
public sealed class PatroniStatus
{
    [Doc("The PostgreSQL system identifier reported by Patroni.")]
    public string? SystemIdentifier { get; set; }

    [Doc("Tracks the execution of the switchover requests.")]
    public string? Switchover { get; set; }

    [Doc("Tracks the current timeline during switchovers")]
    public long? SwitchoverTimeline { get; set; }
}
