using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

/// <summary>
/// CronJobs on an hourly schedule in UTC with a <see cref="JumpClock"/>: each step jumps to 30 s past the next full
/// hour, so exactly one scheduled time passes however long the test takes. Jobs are finished by writing their status,
/// as the job controller would (it does not run here).
/// </summary>
public sealed class CronJobTests
{
    private const string Ns = "default";

    private static V1CronJob CronJob(string name, string policy = "Allow") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CronJobSpec
        {
            Schedule = "0 * * * *",
            TimeZone = "Etc/UTC",
            ConcurrencyPolicy = policy,
            JobTemplate = new V1JobTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["cron"] = name } },
                Spec = new V1JobSpec { Template = NeverRestarting(name) },
            },
        },
    };

    private static V1PodTemplateSpec NeverRestarting(string name)
    {
        var template = Pods.Template(Pods.Labels(name));
        template.Spec.RestartPolicy = "Never";
        return template;
    }

    /// <summary>
    /// Jumps to 30 s past the next full hour, once the controller waits for it (its requeue timer is armed); returns
    /// that hour.
    /// </summary>
    private static async Task<DateTimeOffset> NextHour(JumpClock clock)
    {
        var now = clock.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        await Eventually.Until(() => Task.FromResult(clock.HasTimerDueBy(hour.AddSeconds(-1))), "the controller waits for " + hour.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        clock.Advance(hour.AddSeconds(30) - clock.GetUtcNow());
        return hour;
    }

    private static async Task<List<V1Job>> Jobs(Kubernetes client, string cron) =>
        [.. (await client.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: "cron=" + cron)).Items
            .Where(j => j.Metadata.DeletionTimestamp is null).OrderBy(j => j.Metadata.Name, StringComparer.Ordinal)];

    private static Task<V1CronJob> Read(Kubernetes client, string name) => client.BatchV1.ReadNamespacedCronJobAsync(name, Ns);

    private static string JobName(string cron, DateTimeOffset scheduled) => $"{cron}-{scheduled.ToUnixTimeSeconds() / 60}";

    private static async Task Finish(Kubernetes client, string name, DateTimeOffset at, bool succeeded = true)
    {
        var job = await client.BatchV1.ReadNamespacedJobAsync(name, Ns);
        var type = succeeded ? "Complete" : "Failed";
        job.Status = new V1JobStatus
        {
            StartTime = at.UtcDateTime,
            CompletionTime = succeeded ? at.AddMinutes(1).UtcDateTime : null,
            Succeeded = succeeded ? 1 : 0,
            Failed = succeeded ? 0 : 1,
            Conditions =
            [
                new V1JobCondition { Type = succeeded ? "SuccessCriteriaMet" : "FailureTarget", Status = "True", LastTransitionTime = at.UtcDateTime },
                new V1JobCondition { Type = type, Status = "True", LastTransitionTime = at.AddMinutes(1).UtcDateTime },
            ],
        };
        await client.BatchV1.ReplaceNamespacedJobStatusAsync(job, name, Ns);
    }

    private static async Task<TestCluster> Start(JumpClock clock, RecordingLoggerFactory? logs = null) =>
        await TestCluster.StartAsync(ManagedControllers.CronJobs, o => logs is null ? o with { Time = clock } : o with { Time = clock, LoggerFactory = logs });

    [Fact]
    public async Task Creates_a_job_per_scheduled_time_named_by_its_minute_and_tracks_it_in_the_status()
    {
        var clock = new JumpClock();
        await using var cluster = await Start(clock);
        var client = cluster.Client;
        var cj = await client.BatchV1.CreateNamespacedCronJobAsync(CronJob("tick"), Ns);
        await Eventually.Until(async () => (await Read(client, "tick")).Metadata.ResourceVersion is not null, "the CronJob exists");
        Assert.Empty(await Jobs(client, "tick"));

        var first = await NextHour(clock);
        var job = Assert.Single(await Eventually.Get(() => Jobs(client, "tick"), j => j.Count == 1, "the first job"));
        Assert.Equal(JobName("tick", first), job.Metadata.Name);
        Assert.Equal(first.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            job.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("batch/v1", "CronJob", cj.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        var status = await Eventually.Get(() => Read(client, "tick"), c => c.Status?.Active?.Count == 1, "the job is active");
        Assert.Equal(first.UtcDateTime, status.Status.LastScheduleTime);
        Assert.Equal(job.Metadata.Uid, status.Status.Active.Single().Uid);

        await Finish(client, job.Metadata.Name, first);
        var finished = await Eventually.Get(() => Read(client, "tick"), c => c.Status?.Active is null or { Count: 0 } && c.Status?.LastSuccessfulTime is not null,
            "the finished job leaves the active list");
        Assert.Equal(first.AddMinutes(1).UtcDateTime, finished.Status.LastSuccessfulTime);

        var second = await NextHour(clock);
        await Eventually.Until(async () => (await Jobs(client, "tick")).Select(j => j.Metadata.Name).SequenceEqual([JobName("tick", first), JobName("tick", second)]),
            "a job for the second hour");
    }

    [Fact]
    public async Task Allow_runs_jobs_side_by_side()
    {
        var clock = new JumpClock();
        await using var cluster = await Start(clock);
        var client = cluster.Client;
        await client.BatchV1.CreateNamespacedCronJobAsync(CronJob("allow"), Ns);
        await NextHour(clock);
        await Eventually.Until(async () => (await Jobs(client, "allow")).Count == 1, "the first job");
        await NextHour(clock);
        await Eventually.Until(async () => (await Read(client, "allow")).Status?.Active?.Count == 2, "two active jobs");
    }

    [Fact]
    public async Task Forbid_holds_a_scheduled_time_back_while_a_job_runs()
    {
        var clock = new JumpClock();
        var logs = new RecordingLoggerFactory();
        await using var cluster = await Start(clock, logs);
        var client = cluster.Client;
        await client.BatchV1.CreateNamespacedCronJobAsync(CronJob("forbid", "Forbid"), Ns);
        var first = await NextHour(clock);
        await Eventually.Until(async () => (await Read(client, "forbid")).Status?.Active?.Count == 1, "the first job is active");

        var second = await NextHour(clock);
        await Eventually.Until(() => logs.Contains("CronJob forbid: not starting a job because a prior one is running"), "the second hour is held back");
        Assert.Single(await Jobs(client, "forbid"));

        // Without startingDeadlineSeconds the held-back time is still due: it starts once the running job finishes.
        await Finish(client, JobName("forbid", first), first);
        await Eventually.Until(async () => (await Jobs(client, "forbid")).Select(j => j.Metadata.Name).SequenceEqual([JobName("forbid", first), JobName("forbid", second)]),
            "the held-back hour starts after the job finished");
        await Eventually.Until(async () => (await Read(client, "forbid")).Status?.LastScheduleTime == second.UtcDateTime, "the status records the second hour");
    }

    [Fact]
    public async Task Replace_deletes_the_running_job_before_starting_the_next()
    {
        var clock = new JumpClock();
        await using var cluster = await Start(clock);
        var client = cluster.Client;
        await client.BatchV1.CreateNamespacedCronJobAsync(CronJob("replace", "Replace"), Ns);
        var first = await NextHour(clock);
        await Eventually.Until(async () => (await Jobs(client, "replace")).Count == 1, "the first job");

        var second = await NextHour(clock);
        await Eventually.Until(async () => (await Jobs(client, "replace")).Select(j => j.Metadata.Name).SequenceEqual([JobName("replace", second)]),
            "the second job replaces the first");
        var status = await Eventually.Get(() => Read(client, "replace"), c => c.Status?.Active?.Count == 1 && c.Status.Active[0].Name == JobName("replace", second),
            "only the second job is active");
        Assert.Equal(second.UtcDateTime, status.Status.LastScheduleTime);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Suspend_and_a_missed_starting_deadline_start_nothing()
    {
        var clock = new JumpClock();
        await using var cluster = await Start(clock);
        var client = cluster.Client;
        var suspended = CronJob("paused");
        suspended.Spec.Suspend = true;
        await client.BatchV1.CreateNamespacedCronJobAsync(suspended, Ns);
        var late = CronJob("late");
        late.Spec.StartingDeadlineSeconds = 10;
        await client.BatchV1.CreateNamespacedCronJobAsync(late, Ns);

        // 30 s past the hour is too late for a 10 s deadline: whenever the controller looks, that hour is not started.
        var missed = await NextHour(clock);
        Assert.Empty(await Jobs(client, "paused"));

        // 5 s past the next hour is in time; resuming the suspended one starts the missed hour at once.
        var now = clock.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        clock.Advance(hour.AddSeconds(5) - now);
        // A reconcile that read the clock just before the jump may have set its timer from the old time; a change to
        // the CronJob makes the controller look again at the new time, as any update would.
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"metadata":{"annotations":{"touched":"after-the-jump"}}}""", V1Patch.PatchType.MergePatch), "late", Ns);
        await Eventually.Until(async () => (await Jobs(client, "late")).Select(j => j.Metadata.Name).SequenceEqual([JobName("late", hour)]), "a job in time");
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"suspend":false}}""", V1Patch.PatchType.MergePatch), "paused", Ns);
        await Eventually.Until(async () => (await Jobs(client, "paused")).Select(j => j.Metadata.Name).SequenceEqual([JobName("paused", hour)]), "the resumed CronJob runs");
        Assert.DoesNotContain(await Jobs(client, "late"), j => j.Metadata.Name == JobName("late", missed));
    }

    [Fact]
    public async Task Finished_jobs_beyond_the_history_limits_are_deleted_oldest_first()
    {
        var clock = new JumpClock();
        await using var cluster = await Start(clock);
        var client = cluster.Client;
        var cj = CronJob("hist");
        cj.Spec.SuccessfulJobsHistoryLimit = 1;
        cj.Spec.FailedJobsHistoryLimit = 1;
        await client.BatchV1.CreateNamespacedCronJobAsync(cj, Ns);
        var hours = new List<DateTimeOffset>();
        foreach (var succeeded in new[] { true, false, true, false })
        {
            var hour = await NextHour(clock);
            hours.Add(hour);
            await Eventually.Until(async () => (await Jobs(client, "hist")).Any(j => j.Metadata.Name == JobName("hist", hour)), $"the job for {hour:HH:mm}");
            await Finish(client, JobName("hist", hour), hour, succeeded);
        }

        await Eventually.Until(async () => (await Jobs(client, "hist")).Select(j => j.Metadata.Name).SequenceEqual([JobName("hist", hours[2]), JobName("hist", hours[3])]),
            "the newest successful and the newest failed job are kept");
    }
}
