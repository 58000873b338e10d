using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

/// <summary>
/// The backup Jobs against the in-process API server, as the <c>ivyo</c> ServiceAccount: no kubelet runs pods here, so
/// the test plays the parts around the operator (a ready primary and repo host, the stanza as the stanza step records
/// it, Jobs completing) and checks what the operator creates, deletes and reports.
/// </summary>
public sealed class BackupJobsTests
{
    private const string Ns = "zoo";
    private const string BackupLabel = RunningHippo.BackupLabel;

    // The users step fails in every pass here (psql cannot run without a kubelet), so passes come with back-off.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backup_jobs_follow_the_stanza_the_annotation_and_their_completion()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync(Ns);
        var ivyo = await environment.StartOperatorAsync(options => options with { LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace });
        var admin = environment.Admin;
        await environment.CreateClusterAsync(Ns, TestManifests.Everything());

        // What a running hippo has: its repo host ready, a ready primary, and the stanza; not yet Patroni's DCS.
        var instance = await Eventually.Get(async () => (await admin.AppsV1.ListNamespacedStatefulSetAsync(Ns, labelSelector: "ivory-operator.ivorysql.org/instance")).Items,
            sets => sets.Count > 0, "the instances exist", s_timeout);
        await Eventually.Until(async () => (await admin.AppsV1.ListNamespacedStatefulSetAsync(Ns, fieldSelector: "metadata.name=hippo-repo-host")).Items.Count == 1, "the repo host exists", s_timeout);
        await RunningHippo.RepoHostReadyAsync(admin, Ns);
        await FakeInstancePods.CreateRunningAsync(admin, Ns, instance[0].Metadata.Name + "-0", instance[0].Metadata.Name, "master", ready: true);
        await Eventually.Until(() => RunningHippo.StanzaCreatedAsync(environment, Ns), "the stanza is recorded", s_timeout);

        // The replica-create backup starts, and its completion is reported.
        var replicaCreate = await SingleJobAsync(admin, "replica-create");
        Assert.StartsWith("hippo-backup-", replicaCreate.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("IvoryCluster", "hippo", true), (replicaCreate.Metadata.OwnerReferences[0].Kind, replicaCreate.Metadata.OwnerReferences[0].Name, replicaCreate.Metadata.OwnerReferences[0].Controller));
        Assert.Equal("pgbackrest", replicaCreate.Metadata.Annotations["ivory-operator.ivorysql.org/pgbackrest-config"]);
        // The pass that created the Job writes the conditions right after.
        await Eventually.Until(async () => await ConditionAsync(environment, "PGBackRestReplicaRepoReady") == "True"
            && await ConditionAsync(environment, "PGBackRestReplicaCreate") == "False", "PGBackRestReplicaRepoReady True, PGBackRestReplicaCreate False", s_timeout);
        await RunningHippo.CompleteJobAsync(admin, Ns, replicaCreate.Metadata.Name);
        await Eventually.Until(async () => (bool?)(await ClusterAsync(environment))["status"]?["pgbackrest"]?["repos"]?[0]?["replicaCreateBackupComplete"] == true
            && await ConditionAsync(environment, "PGBackRestReplicaCreate") == "True", "replicaCreateBackupComplete and PGBackRestReplicaCreate", s_timeout);

        // The schedule waits for a bootstrapped cluster (a system identifier, from Patroni's DCS), as ivory-operator's does.
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        Assert.Empty((await admin.BatchV1.ListNamespacedCronJobAsync(Ns)).Items);
        await RunningHippo.BootstrappedAsync(admin, Ns);
        var cronJob = (await Eventually.Get(async () => (await admin.BatchV1.ListNamespacedCronJobAsync(Ns)).Items, jobs => jobs.Count == 1,
            "the backup CronJob exists once the cluster is bootstrapped", s_timeout)).Single();
        Assert.Equal(("hippo-repo1-full", "0 1 * * 0", "Forbid"), (cronJob.Metadata.Name, cronJob.Spec.Schedule, cronJob.Spec.ConcurrencyPolicy));
        Assert.Equal("7300000000000000001", (string?)(await ClusterAsync(environment))["status"]?["patroni"]?["systemIdentifier"]);

        // A Job the CronJob starts, as the CronJob controller makes it (the template's labels, the CronJob as its
        // controller), is reported in status.pgbackrest.scheduledBackups, and follows the Job to its end.
        var scheduled = await admin.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta
            {
                Name = "hippo-repo1-full-29000000",
                Labels = cronJob.Spec.JobTemplate.Metadata.Labels,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "CronJob", Name = cronJob.Metadata.Name, Uid = cronJob.Metadata.Uid, Controller = true }],
            },
            Spec = cronJob.Spec.JobTemplate.Spec,
        }, Ns);
        await RunningHippo.CompleteJobAsync(admin, Ns, scheduled.Metadata.Name);
        var entry = await Eventually.Get(async () => (await ClusterAsync(environment))["status"]?["pgbackrest"]?["scheduledBackups"]?[0],
            entry => entry?["completionTime"] is not null, "the scheduled backup is in status.pgbackrest.scheduledBackups", s_timeout);
        Assert.Equal("""{"cronJobName":"hippo-repo1-full","repo":"repo1","type":"full","startTime":"2026-01-01T00:00:00Z","completionTime":"2026-01-01T00:00:10Z","succeeded":1}""",
            entry!.ToJsonString());
        await admin.BatchV1.DeleteNamespacedJobAsync(scheduled.Metadata.Name, Ns);
        await Eventually.Until(async () => (await ClusterAsync(environment))["status"]?["pgbackrest"]?["scheduledBackups"] is null,
            "the deleted Job leaves status.pgbackrest.scheduledBackups", s_timeout);

        // A manual backup: the spec says what, the annotation asks for it.
        await PatchClusterAsync(environment, """{"metadata":{"annotations":{"ivory-operator.ivorysql.org/pgbackrest-backup":"first"}},"spec":{"backups":{"pgbackrest":{"manual":{"repoName":"repo1","options":["--type=full"]}}}}}""");
        var first = await SingleJobAsync(admin, "manual");
        Assert.Equal("first", first.Metadata.Annotations[BackupLabel]);
        Assert.Contains("--type=full", first.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "COMMAND_OPTS").Value, StringComparison.Ordinal);
        await Eventually.Until(async () => (string?)(await ClusterAsync(environment))["status"]?["pgbackrest"]?["manualBackup"]?["id"] == "first", "manualBackup.id is first", s_timeout);
        await RunningHippo.CompleteJobAsync(admin, Ns, first.Metadata.Name);
        await Eventually.Until(async () =>
        {
            var manual = (await ClusterAsync(environment))["status"]?["pgbackrest"]?["manualBackup"];
            return (bool?)manual?["finished"] == true && (int?)manual?["succeeded"] == 1 && await ConditionAsync(environment, "PGBackRestManualBackupSuccessful") == "True";
        }, "the manual backup is finished and successful", s_timeout);
        Assert.NotEmpty((await admin.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=hippo,reason=ManualBackupComplete")).Items);

        // A new value: the finished Job is replaced by the new backup's, and the condition waits for it.
        await PatchClusterAsync(environment, """{"metadata":{"annotations":{"ivory-operator.ivorysql.org/pgbackrest-backup":"second"}}}""");
        await Eventually.Until(async () =>
        {
            var jobs = (await admin.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: BackupLabel + "=manual")).Items;
            return jobs.Count == 1 && jobs[0].Metadata.Annotations[BackupLabel] == "second" && jobs[0].Metadata.Name != first.Metadata.Name;
        }, "the second backup's Job replaces the first's", s_timeout);
        await Eventually.Until(async () => await ConditionAsync(environment, "PGBackRestManualBackupSuccessful") is null
            && (bool?)(await ClusterAsync(environment))["status"]?["pgbackrest"]?["manualBackup"]?["finished"] == false, "the status is the second backup's", s_timeout);
        Assert.Single((await admin.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: BackupLabel + "=replica-create")).Items);
        Assert.Empty(ivyo.Log.Denied);
    }

    private static async Task<V1Job> SingleJobAsync(Kubernetes admin, string type) =>
        (await Eventually.Get(async () => (await admin.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: $"{BackupLabel}={type}")).Items,
            jobs => jobs.Count == 1, $"one {type} backup Job", s_timeout)).Single();

    private static Task<JsonObject> PatchClusterAsync(OperatorEnvironment environment, string patch, string? subresource = null) =>
        environment.AdminResources.MergePatchAsync(OperatorEnvironment.Clusters, Ns, "hippo", JsonNode.Parse(patch)!.AsObject(), CancellationToken.None, subresource: subresource);

    private static async Task<JsonObject> ClusterAsync(OperatorEnvironment environment) =>
        (await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, Ns, "hippo", CancellationToken.None))!;

    private static async Task<string?> ConditionAsync(OperatorEnvironment environment, string type) =>
        (string?)((await ClusterAsync(environment))["status"]?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)?["status"];
}
