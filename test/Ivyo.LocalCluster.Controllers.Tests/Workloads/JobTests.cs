using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

public sealed class JobTests
{
    private const string Ns = "default";
    private const string Finalizer = "batch.kubernetes.io/job-tracking";
    private const ManagedControllers Controllers = ManagedControllers.Jobs | ManagedControllers.TtlAfterFinished;

    private static V1Job Job(string name, int? completions, int? parallelism, int? backoffLimit = null, string restartPolicy = "Never")
    {
        var template = Pods.Template(new Dictionary<string, string> { ["app"] = name });
        template.Spec.RestartPolicy = restartPolicy;
        return new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1JobSpec { Completions = completions, Parallelism = parallelism, BackoffLimit = backoffLimit, Template = template },
        };
    }

    private static async Task<List<V1Pod>> JobPods(Kubernetes client, string job) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "batch.kubernetes.io/job-name=" + job)).Items];

    private static bool IsActive(V1Pod pod) => pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed");

    private static Task<V1Job> Read(Kubernetes client, string name) => client.BatchV1.ReadNamespacedJobAsync(name, Ns);

    private static bool Has(V1Job job, string type, string? reason = null) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    [Fact]
    public async Task Completes_after_three_successes_with_at_most_two_pods_running()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(Job("work", completions: 3, parallelism: 2), Ns);

        var first = await Eventually.Get(() => JobPods(client, "work"), p => p.Count == 2, "two pods");
        await Eventually.Until(async () => (await Read(client, "work")).Status?.Active == 2, "two active pods in the status");
        Assert.All(first, pod =>
        {
            Assert.Matches("^work-[a-z0-9]{5}$", pod.Metadata.Name);
            Assert.Equal("work", pod.Metadata.Labels["job-name"]);
            Assert.Equal("work", pod.Metadata.Labels["batch.kubernetes.io/job-name"]);
            Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["controller-uid"]);
            Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["batch.kubernetes.io/controller-uid"]);
            Assert.Contains(Finalizer, pod.Metadata.Finalizers);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("batch/v1", "Job", job.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        });
        var started = await Read(client, "work");
        Assert.NotNull(started.Status.StartTime);

        // Each success is counted once; the Job never runs more than two pods nor more than it still needs.
        await Eventually.Until(async () =>
        {
            var pods = await JobPods(client, "work");
            var status = (await Read(client, "work")).Status;
            Assert.True(pods.Count(IsActive) <= 2, "at most parallelism pods run");
            Assert.True(pods.Count(p => p.Status?.Phase == "Succeeded") + pods.Count(IsActive) <= 3 + 1, "no more pods than completions need");
            if (pods.FirstOrDefault(IsActive) is { } next && (status?.Succeeded ?? 0) == pods.Count(p => p.Status?.Phase == "Succeeded"))
            {
                await Pods.SetStatusAsync(client, Ns, next.Metadata.Name, ready: false, phase: "Succeeded");
            }

            return Has(await Read(client, "work"), "Complete");
        }, "the Job completes", TimeSpan.FromSeconds(30));

        var done = await Read(client, "work");
        Assert.Equal(3, done.Status.Succeeded);
        Assert.Equal(0, done.Status.Failed ?? 0);
        Assert.Equal(0, done.Status.Active ?? 0);
        Assert.NotNull(done.Status.CompletionTime);
        var criteria = Assert.Single(done.Status.Conditions, c => c.Type == "SuccessCriteriaMet");
        var complete = Assert.Single(done.Status.Conditions, c => c.Type == "Complete");
        Assert.Equal(("CompletionsReached", "Reached expected number of succeeded pods"), (criteria.Reason, criteria.Message));
        Assert.Equal(("True", "CompletionsReached"), (complete.Status, complete.Reason));
        Assert.True(done.Status.UncountedTerminatedPods is null || (done.Status.UncountedTerminatedPods.Succeeded ?? []).Count == 0);
        var pods = await Eventually.Get(() => JobPods(client, "work"), p => p.All(x => x.Metadata.Finalizers is null or { Count: 0 }), "every finalizer is removed");
        Assert.Equal(3, pods.Count(p => p.Status?.Phase == "Succeeded"));
    }

    [Fact]
    public async Task Fails_with_BackoffLimitExceeded_after_more_failures_than_the_limit_replacing_pods_after_the_back_off()
    {
        var clock = new JumpClock();
        await using var cluster = await TestCluster.StartAsync(Controllers, o => o with { Time = clock });
        var client = cluster.Client;
        await client.BatchV1.CreateNamespacedJobAsync(Job("flaky", completions: 1, parallelism: 1, backoffLimit: 1), Ns);

        var first = Assert.Single(await Eventually.Get(() => JobPods(client, "flaky"), p => p.Count == 1, "a pod"));
        await Pods.SetStatusAsync(client, Ns, first.Metadata.Name, ready: false, phase: "Failed");
        await Eventually.Until(async () => (await Read(client, "flaky")).Status?.Failed == 1, "one failure counted");

        // The replacement waits for the 10 s pod failure back-off.
        Assert.Single(await JobPods(client, "flaky"));
        clock.Advance(TimeSpan.FromSeconds(11));
        var second = await Eventually.Get(async () => (await JobPods(client, "flaky")).FirstOrDefault(IsActive), p => p is not null, "a replacement pod");
        await Pods.SetStatusAsync(client, Ns, second!.Metadata.Name, ready: false, phase: "Failed");

        var failed = await Eventually.Get(() => Read(client, "flaky"), j => Has(j, "Failed"), "the Job fails");
        Assert.Equal(2, failed.Status.Failed);
        Assert.Equal(0, failed.Status.Active ?? 0);
        Assert.Null(failed.Status.CompletionTime);
        var target = Assert.Single(failed.Status.Conditions, c => c.Type == "FailureTarget");
        var condition = Assert.Single(failed.Status.Conditions, c => c.Type == "Failed");
        Assert.Equal(("BackoffLimitExceeded", "Job has reached the specified backoff limit"), (target.Reason, target.Message));
        Assert.Equal(("BackoffLimitExceeded", "Job has reached the specified backoff limit"), (condition.Reason, condition.Message));
        Assert.DoesNotContain(failed.Status.Conditions, c => c.Type == "Complete");

        clock.Advance(TimeSpan.FromMinutes(10));
        await Eventually.Until(async () => (await JobPods(client, "flaky")).All(p => p.Metadata.Finalizers is null or { Count: 0 }), "finalizers removed");
        Assert.Equal(2, (await JobPods(client, "flaky")).Count);
    }

    [Fact]
    public async Task Fails_with_DeadlineExceeded_and_deletes_the_running_pods()
    {
        var clock = new JumpClock();
        await using var cluster = await TestCluster.StartAsync(Controllers, o => o with { Time = clock });
        var client = cluster.Client;
        var job = Job("slow", completions: 2, parallelism: 2);
        job.Spec.ActiveDeadlineSeconds = 60;
        await client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        await Eventually.Until(async () => (await Read(client, "slow")).Status?.Active == 2, "two active pods");

        clock.Advance(TimeSpan.FromSeconds(61));
        var failed = await Eventually.Get(() => Read(client, "slow"), j => Has(j, "Failed", "DeadlineExceeded"), "the deadline fails the Job");
        Assert.Equal("Job was active longer than specified deadline", failed.Status.Conditions.Single(c => c.Type == "Failed").Message);
        Assert.Equal(2, failed.Status.Failed);
        await Eventually.Until(async () => (await JobPods(client, "slow")).Count == 0, "the deleted pods are gone once counted");
    }

    [Fact]
    public async Task A_finished_job_is_deleted_after_its_ttl_with_its_pods()
    {
        var clock = new JumpClock();
        await using var cluster = await TestCluster.StartAsync(Controllers, o => o with { Time = clock });
        var client = cluster.Client;
        var job = Job("brief", completions: 1, parallelism: 1);
        job.Spec.TtlSecondsAfterFinished = 100;
        await client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        var pod = Assert.Single(await Eventually.Get(() => JobPods(client, "brief"), p => p.Count == 1, "a pod"));
        await Pods.SetStatusAsync(client, Ns, pod.Metadata.Name, ready: false, phase: "Succeeded");
        await Eventually.Until(async () => Has(await Read(client, "brief"), "Complete"), "the Job completes");

        Assert.NotNull(await Read(client, "brief"));
        clock.Advance(TimeSpan.FromSeconds(101));
        await Eventually.Until(async () => (await client.BatchV1.ListNamespacedJobAsync(Ns)).Items.Count == 0 && (await JobPods(client, "brief")).Count == 0,
            "the Job and its pod are deleted");
    }

    [Fact]
    public async Task Deleting_a_running_job_with_default_propagation_removes_its_pods_despite_their_finalizers()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        await client.BatchV1.CreateNamespacedJobAsync(Job("drop", completions: 2, parallelism: 2), Ns);
        await Eventually.Until(async () => (await JobPods(client, "drop")).Count == 2, "two pods");
        await client.BatchV1.DeleteNamespacedJobAsync("drop", Ns);
        await Eventually.Until(async () => (await JobPods(client, "drop")).Count == 0, "the pods are gone");
    }
}
