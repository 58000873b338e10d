namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// How the scheduler loop runs; the defaults are kube-scheduler's: the <c>default-scheduler</c> profile name,
/// 1 s initial and 10 s maximum backoff, unschedulable pods retried at the latest after 5 minutes.
/// </summary>
public sealed record SchedulerOptions
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>Pods whose <c>spec.schedulerName</c> is this (or empty) are scheduled; also the events' reporting component.</summary>
    public string SchedulerName { get; init; } = DefaultSchedulerName;

    /// <summary>Names this instance in the events it records (<c>reportingInstance</c>).</summary>
    public string InstanceName { get; init; } = DefaultSchedulerName + "-" + Environment.MachineName;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>kube-scheduler's <c>podMaxInUnschedulablePodsDuration</c>: an unschedulable pod is retried after this even without cluster events.</summary>
    public TimeSpan MaxInUnschedulablePods { get; init; } = TimeSpan.FromMinutes(5);


    /// <summary>Seeds the tie-breaking between equally scored nodes; null picks a random seed.</summary>
    public int? TieBreakSeed { get; init; }
}
