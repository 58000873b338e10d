using System.Globalization;

namespace Ivyo.Bench.HighAvailability;

/// <summary>The events the high-availability benchmark injects into the primary.</summary>
public enum HaFault
{
    /// <summary><c>spec.patroni.switchover.enabled</c> and a new <c>trigger-switchover</c> annotation value.</summary>
    Switchover,

    /// <summary><c>kubectl delete pod</c> of the primary: graceful, within its termination grace period.</summary>
    DeletePrimaryPod,

    /// <summary>The primary's node loses power (every process on it SIGKILLed, the node agent gone), then comes back.</summary>
    StopPrimaryNode,

    /// <summary>The primary's pod is cut off from every other pod and the API server, then healed.</summary>
    PartitionPrimaryPod,

    /// <summary>
    /// The primary's node loses power and is fenced at once, as a fencing agent or an administrator does after a
    /// non-graceful shutdown (<c>kubectl taint node ... node.kubernetes.io/out-of-service=nodeshutdown:NoExecute</c>);
    /// then it comes back and the taint is removed.
    /// </summary>
    StopPrimaryNodeFenced,
}

/// <summary>
/// Patroni's timing, set through the IvoryCluster: <c>leaderLeaseDurationSeconds</c> (Patroni's <c>ttl</c>),
/// <c>syncPeriodSeconds</c> (<c>loop_wait</c>) and <c>dynamicConfiguration.retry_timeout</c>; Patroni needs
/// <c>loop_wait + 2 × retry_timeout ≤ ttl</c>.
/// </summary>
public sealed record HaProfile(string Name, int LeaseSeconds, int SyncPeriodSeconds, int RetryTimeoutSeconds)
{
    /// <summary>ivory-operator's defaults (and Patroni's retry_timeout default).</summary>
    public static readonly HaProfile Default = new("default", 30, 10, 10);

    /// <summary>
    /// The documented fast profile (docs/tutorial/high-availability.md): a 7 s lease renewed every second, with
    /// Patroni's retries for 3 s. Lease expiry is the floor of an unplanned failover, and a partition adds Patroni's
    /// 2 s wait on the old primary's REST API, so a lease of about 7 s is the longest that keeps both under 10 s.
    /// </summary>
    public static readonly HaProfile Fast = new("fast", 7, 1, 3);

    /// <summary>The issue's example of a fast profile (<c>leaderLeaseDurationSeconds: 10</c>, <c>syncPeriodSeconds: 2</c>).</summary>
    public static readonly HaProfile Lease10 = new("lease 10 s", 10, 2, 3);

    /// <summary>A 5 s lease: the shortest that keeps Patroni's rule with whole seconds.</summary>
    public static readonly HaProfile Lease5 = new("lease 5 s", 5, 1, 2);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"leaderLeaseDurationSeconds {LeaseSeconds}, syncPeriodSeconds {SyncPeriodSeconds}, retry_timeout {RetryTimeoutSeconds}");
}

/// <summary>One row of the benchmark: a fault under a profile, with asynchronous or strict synchronous replication.</summary>
public sealed record HaScenario(HaFault Fault, HaProfile Profile, bool Strict)
{
    public string Event => Fault switch
    {
        HaFault.Switchover => "planned switchover",
        HaFault.DeletePrimaryPod => "primary pod deleted (graceful)",
        HaFault.StopPrimaryNode => "primary node stopped",
        HaFault.PartitionPrimaryPod => "primary pod partitioned",
        HaFault.StopPrimaryNodeFenced => "primary node stopped and fenced (out-of-service taint)",
        _ => throw new ArgumentOutOfRangeException(nameof(Fault), Fault, null),
    };

    public bool Planned => Fault is HaFault.Switchover or HaFault.DeletePrimaryPod;

    /// <summary>The issue's target for write unavailability, in seconds; null where it asks only for a measurement.</summary>
    public double? TargetSeconds => Strict ? null : (Fault, Profile.Name) switch
    {
        (HaFault.Switchover, _) => 2,
        (HaFault.DeletePrimaryPod, _) => 3,
        (_, "default") => 40,
        (_, "fast") => 10,
        _ => null,
    };

    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Fault}/{Profile.Name}/{(Strict ? "strict" : "async")}");

    /// <summary>
    /// The default matrix: every fault with asynchronous replication (the unplanned ones under each profile), then
    /// every fault in <c>synchronous_mode_strict</c> (unplanned ones with the fast profile) for the data-loss check.
    /// </summary>
    public static IReadOnlyList<HaScenario> Matrix() =>
    [
        new(HaFault.Switchover, HaProfile.Default, false),
        new(HaFault.DeletePrimaryPod, HaProfile.Default, false),
        new(HaFault.StopPrimaryNode, HaProfile.Default, false),
        new(HaFault.PartitionPrimaryPod, HaProfile.Default, false),
        new(HaFault.StopPrimaryNode, HaProfile.Fast, false),
        new(HaFault.PartitionPrimaryPod, HaProfile.Fast, false),
        new(HaFault.StopPrimaryNode, HaProfile.Lease10, false),
        new(HaFault.PartitionPrimaryPod, HaProfile.Lease10, false),
        new(HaFault.StopPrimaryNode, HaProfile.Lease5, false),
        new(HaFault.PartitionPrimaryPod, HaProfile.Lease5, false),
        new(HaFault.StopPrimaryNodeFenced, HaProfile.Default, false),
        new(HaFault.Switchover, HaProfile.Fast, true),
        new(HaFault.DeletePrimaryPod, HaProfile.Fast, true),
        new(HaFault.StopPrimaryNode, HaProfile.Fast, true),
        new(HaFault.PartitionPrimaryPod, HaProfile.Fast, true),
        new(HaFault.StopPrimaryNodeFenced, HaProfile.Default, true),
    ];
}
