using System.Globalization;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Jobs;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.CronJobs;

/// <summary>
/// One sync of a CronJob, as pkg/controller/cronjob's <c>ControllerV2.syncCronJob</c>: the active list follows the
/// Jobs it controls (finished ones leave it and set lastSuccessfulTime); unless suspended, the most recent missed
/// scheduled time since the last one (or creation, or now - startingDeadlineSeconds) gets a Job
/// <c>&lt;cronjob&gt;-&lt;minutes since the epoch&gt;</c>, subject to startingDeadlineSeconds and the concurrency policy
/// (Allow; Forbid skips while a Job is active; Replace deletes the active Jobs first); finished Jobs beyond the history
/// limits are deleted, oldest start first; the CronJob is looked at again 100 ms after its next scheduled time.
/// </summary>
internal sealed class CronJobReconciler(ControllerContext context) : IReconciler
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary>How long after a scheduled time the CronJob is synced (<c>nextScheduleDelta</c>).</summary>
    private static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _logger = context.Logger<CronJobReconciler>();
    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var cj = context.Informers.CronJobs.Get(key);
        if (cj is null)
        {
            return ReconcileResult.Done;
        }

        try
        {
            var jobs = context.Informers.Jobs.ByIndex(IndexFunctions.ControllerUidIndex, cj.Metadata.Uid).ToList();
            var before = KubernetesJson.Serialize(cj.Status ?? new V1CronJobStatus());
            cj.Status ??= new V1CronJobStatus();
            var requeue = await SyncAsync(cj, jobs, cancellationToken).ConfigureAwait(false);
            await CleanupFinishedJobsAsync(cj, jobs, cancellationToken).ConfigureAwait(false);
            if (KubernetesJson.Serialize(cj.Status) != before)
            {
                await Client.BatchV1.ReplaceNamespacedCronJobStatusAsync(cj, cj.Metadata.Name, cj.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }

            return requeue is { } delay ? ReconcileResult.After(delay > TimeSpan.Zero ? delay : NextScheduleDelta) : ReconcileResult.Done;
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            return ReconcileResult.RequeueWithBackoff;
        }
    }

    private async Task<TimeSpan?> SyncAsync(V1CronJob cj, List<V1Job> jobs, CancellationToken cancellationToken)
    {
        var status = cj.Status;
        var now = context.Time.GetUtcNow();
        var children = jobs.Select(j => j.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var inActive = status.Active?.Any(r => r.Uid == job.Metadata.Uid) == true;
            var finished = JobConditions.Finished(job);
            if (inActive && finished is not null)
            {
                RemoveActive(cj, job.Metadata.Uid);
            }

            if (finished is not null && finished.Type == JobConditions.Complete && job.Status?.CompletionTime is { } completed
                && (status.LastSuccessfulTime is null || completed > status.LastSuccessfulTime))
            {
                status.LastSuccessfulTime = completed;
            }
        }

        // Active Jobs the cache no longer has are checked with the API server.
        foreach (var reference in status.Active?.ToList() ?? [])
        {
            if (children.Contains(reference.Uid))
            {
                continue;
            }

            try
            {
                await Client.BatchV1.ReadNamespacedJobAsync(reference.Name, reference.NamespaceProperty ?? cj.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                RemoveActive(cj, reference.Uid);
            }
        }

        if (cj.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var zone = TimeZoneInfo.Local;
        if (!string.IsNullOrEmpty(cj.Spec.TimeZone) && CronSchedule.FindZone(cj.Spec.TimeZone) is not { } found)
        {
            CronJobLog.Unusable(_logger, cj.Metadata.Name, $"unknown time zone {cj.Spec.TimeZone}");
            return null;
        }
        else if (!string.IsNullOrEmpty(cj.Spec.TimeZone))
        {
            zone = CronSchedule.FindZone(cj.Spec.TimeZone)!;
        }

        if (cj.Spec.Suspend == true)
        {
            return null;
        }

        CronSchedule schedule;
        try
        {
            schedule = CronSchedule.Parse(cj.Spec.Schedule, zone);
        }
        catch (FormatException e)
        {
            CronJobLog.Unusable(_logger, cj.Metadata.Name, $"unparseable schedule \"{cj.Spec.Schedule}\": {e.Message}");
            return null;
        }

        var (scheduled, missed) = MostRecent(cj, now, schedule, withDeadline: true);
        if (missed > 100)
        {
            CronJobLog.TooManyMissed(_logger, cj.Metadata.Name, missed);
        }

        if (scheduled is not { } time)
        {
            return UntilNext(cj, now, schedule);
        }

        if (cj.Spec.StartingDeadlineSeconds is { } deadline && time.AddSeconds(deadline) < now)
        {
            CronJobLog.Missed(_logger, cj.Metadata.Name, time);
            return UntilNext(cj, now, schedule);
        }

        var name = JobName(cj, time);
        if (status.Active?.Any(r => r.Name == name) == true || (status.LastScheduleTime is { } last && Utc(last) == time))
        {
            return UntilNext(cj, now, schedule);
        }

        if (cj.Spec.ConcurrencyPolicy == "Forbid" && status.Active is { Count: > 0 })
        {
            CronJobLog.AlreadyActive(_logger, cj.Metadata.Name);
            return UntilNext(cj, now, schedule);
        }

        if (cj.Spec.ConcurrencyPolicy == "Replace")
        {
            foreach (var reference in status.Active?.ToList() ?? [])
            {
                CronJobLog.Replacing(_logger, cj.Metadata.Name, reference.Name);
                await DeleteJobAsync(reference.Name, reference.NamespaceProperty ?? cj.Metadata.NamespaceProperty, cancellationToken).ConfigureAwait(false);
                RemoveActive(cj, reference.Uid);
            }
        }

        V1Job created;
        try
        {
            created = await Client.BatchV1.CreateNamespacedJobAsync(NewJob(cj, time, zone), cj.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            CronJobLog.Created(_logger, cj.Metadata.Name, created.Metadata.Name, time);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            // Created before (the status write was lost): adopt it into the active list if it is ours.
            created = await Client.BatchV1.ReadNamespacedJobAsync(name, cj.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (OwnerReferences.Controller(created.Metadata)?.Uid != cj.Metadata.Uid)
            {
                return null;
            }

            if (JobConditions.IsFinished(created))
            {
                status.LastScheduleTime = time.UtcDateTime;
                return UntilNext(cj, now, schedule);
            }
        }

        if (status.Active?.Any(r => r.Uid == created.Metadata.Uid) != true)
        {
            status.Active ??= [];
            status.Active.Add(new V1ObjectReference
            {
                ApiVersion = "batch/v1",
                Kind = "Job",
                Name = created.Metadata.Name,
                NamespaceProperty = created.Metadata.NamespaceProperty,
                Uid = created.Metadata.Uid,
                ResourceVersion = created.Metadata.ResourceVersion,
            });
        }

        status.LastScheduleTime = time.UtcDateTime;
        return UntilNext(cj, now, schedule);
    }

    /// <summary>The Job for <paramref name="scheduled"/> (<c>getJobFromTemplate2</c>).</summary>
    private static V1Job NewJob(V1CronJob cj, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = ObjectCopies.Copy(cj.Spec.JobTemplate);
        var annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        annotations[ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, zone));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(cj, scheduled),
                NamespaceProperty = cj.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = annotations,
                OwnerReferences = [OwnerReferences.ControllerOf(cj, "batch/v1", "CronJob")],
            },
            Spec = template.Spec,
        };
    }

    /// <summary><c>&lt;cronjob&gt;-&lt;scheduled time in minutes since the epoch&gt;</c> (<c>getJobName</c>).</summary>
    public static string JobName(V1CronJob cj, DateTimeOffset scheduled) =>
        $"{cj.Metadata.Name}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The most recent scheduled time not after <paramref name="now"/> since the last one (or creation, or
    /// now - startingDeadlineSeconds when <paramref name="withDeadline"/>), and how many were missed (<c>mostRecentScheduleTime</c>).
    /// </summary>
    private static (DateTimeOffset? Time, int Missed) MostRecent(V1CronJob cj, DateTimeOffset now, CronSchedule schedule, bool withDeadline)
    {
        var earliest = Earliest(cj);
        if (withDeadline && cj.Spec.StartingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > earliest)
        {
            earliest = now.AddSeconds(-deadline);
        }

        DateTimeOffset? last = null;
        var missed = 0;
        for (var t = schedule.Next(earliest); t is { } next && next <= now; t = schedule.Next(next))
        {
            last = next;
            missed++;
        }

        return (last, missed);
    }

    /// <summary>How long until just after the next scheduled time (<c>nextScheduleTimeDuration</c>).</summary>
    private static TimeSpan? UntilNext(V1CronJob cj, DateTimeOffset now, CronSchedule schedule)
    {
        var (recent, _) = MostRecent(cj, now, schedule, withDeadline: false);
        return schedule.Next(recent ?? Earliest(cj)) is { } next ? next + NextScheduleDelta - now : null;
    }

    private static DateTimeOffset Earliest(V1CronJob cj) =>
        cj.Status?.LastScheduleTime is { } last ? Utc(last) : Utc(cj.Metadata.CreationTimestamp ?? DateTime.UtcNow);

    /// <summary><c>cleanupFinishedJobs</c>: finished Jobs beyond the successful and failed history limits go, oldest start first.</summary>
    private async Task CleanupFinishedJobsAsync(V1CronJob cj, List<V1Job> jobs, CancellationToken cancellationToken)
    {
        var finished = jobs.Where(j => JobConditions.Finished(j) is not null && j.Metadata.DeletionTimestamp is null).ToList();
        foreach (var (type, limit) in new[] { (JobConditions.Complete, cj.Spec.SuccessfulJobsHistoryLimit), (JobConditions.Failed, cj.Spec.FailedJobsHistoryLimit) })
        {
            if (limit is not { } keep)
            {
                continue;
            }

            var ofType = finished.Where(j => JobConditions.Finished(j)!.Type == type)
                .OrderBy(j => j.Status?.StartTime is null)
                .ThenBy(j => j.Status?.StartTime ?? DateTime.MaxValue)
                .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var job in ofType.Take(Math.Max(0, ofType.Count - keep)))
            {
                CronJobLog.DeletingOld(_logger, cj.Metadata.Name, job.Metadata.Name);
                await DeleteJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken).ConfigureAwait(false);
                RemoveActive(cj, job.Metadata.Uid);
            }
        }
    }

    private Task DeleteJobAsync(string name, string ns, CancellationToken cancellationToken) =>
        ApiErrors.IgnoreNotFoundAsync(() => Client.BatchV1.DeleteNamespacedJobAsync(
            name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken));

    private static void RemoveActive(V1CronJob cj, string uid)
    {
        if (cj.Status.Active is { } active)
        {
            cj.Status.Active = [.. active.Where(r => r.Uid != uid)];
            if (cj.Status.Active.Count == 0)
            {
                cj.Status.Active = null;
            }
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>Go's RFC 3339: <c>Z</c> for a zero offset, else <c>+hh:mm</c>.</summary>
    private static string Rfc3339(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
        + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));
}
