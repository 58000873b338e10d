using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// k8s.io/api/batch/v1 (generated.proto): Job and CronJob. podFailurePolicy, successPolicy,
/// managedBy and the status conditions are left out and reported as unknown.
/// </summary>
internal static class BatchV1
{
    public static readonly MessageDescriptor JobSpec = new(
        "JobSpec",
        Int32(1, "parallelism", JsonPresence.Pointer),
        Int32(2, "completions", JsonPresence.Pointer),
        Int64(3, "activeDeadlineSeconds", JsonPresence.Pointer),
        Int32(7, "backoffLimit", JsonPresence.Pointer),
        Int32(12, "backoffLimitPerIndex", JsonPresence.Pointer),
        Int32(13, "maxFailedIndexes", JsonPresence.Pointer),
        Pointer(4, "selector", MetaV1.LabelSelector),
        Bool(5, "manualSelector", JsonPresence.Pointer),
        Struct(6, "template", CoreV1.PodTemplateSpec),
        Int32(8, "ttlSecondsAfterFinished", JsonPresence.Pointer),
        String(9, "completionMode", JsonPresence.Pointer),
        Bool(10, "suspend", JsonPresence.Pointer),
        String(14, "podReplacementPolicy", JsonPresence.Pointer));

    public static readonly MessageDescriptor JobStatus = new(
        "JobStatus",
        Time(2, "startTime", JsonPresence.Pointer),
        Time(3, "completionTime", JsonPresence.Pointer),
        Int32(4, "active"),
        Int32(5, "succeeded"),
        Int32(6, "failed"),
        String(7, "completedIndexes"),
        Int32(9, "ready", JsonPresence.Pointer));

    public static readonly MessageDescriptor Job = new(
        "Job",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", JobSpec),
        Struct(3, "status", JobStatus));

    public static readonly MessageDescriptor JobTemplateSpec = new(
        "JobTemplateSpec",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", JobSpec));

    public static readonly MessageDescriptor CronJobSpec = new(
        "CronJobSpec",
        String(1, "schedule", JsonPresence.Always),
        String(8, "timeZone", JsonPresence.Pointer),
        Int64(2, "startingDeadlineSeconds", JsonPresence.Pointer),
        String(3, "concurrencyPolicy"),
        Bool(4, "suspend", JsonPresence.Pointer),
        Struct(5, "jobTemplate", JobTemplateSpec),
        Int32(6, "successfulJobsHistoryLimit", JsonPresence.Pointer),
        Int32(7, "failedJobsHistoryLimit", JsonPresence.Pointer));

    public static readonly MessageDescriptor CronJobStatus = new(
        "CronJobStatus",
        List(1, "active", CoreV1.ObjectReference),
        Time(4, "lastScheduleTime", JsonPresence.Pointer),
        Time(5, "lastSuccessfulTime", JsonPresence.Pointer));

    public static readonly MessageDescriptor CronJob = new(
        "CronJob",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", CronJobSpec),
        Struct(3, "status", CronJobStatus));
}
