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
    private const string BackupLabel = "ivory-operator.ivorysql.org/pgbackrest-backup";

    // The users step fails in every pass here (psql cannot run without a kubelet), so passes come with back-off.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backup_jobs_follow_the_stanza_the_annotation_and_their_completion()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync(Ns);
        var ivyo = await environment.StartOperatorAsync(options => options with { LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace });
        var admin = environment.Admin;
        await environment.CreateClusterAsync(Ns, TestManifests.Hippo());

        // What a running hippo has: its repo host ready, a ready primary, and the stanza.
        var (instance, _) = await Eventually.Get(async () => (
                (await admin.AppsV1.ListNamespacedStatefulSetAsync(Ns, labelSelector: "ivory-operator.ivorysql.org/instance")).Items,
                (await admin.AppsV1.ListNamespacedStatefulSetAsync(Ns, fieldSelector: "metadata.name=hippo-repo-host")).Items),
            sets => sets.Item1.Count > 0 && sets.Item2.Count == 1, "the instances and the repo host exist", s_timeout);
        await admin.AppsV1.PatchNamespacedStatefulSetStatusAsync(new V1Patch("""{"status":{"replicas":1,"readyReplicas":1}}""", V1Patch.PatchType.MergePatch), "hippo-repo-host", Ns);
        await CreateReadyPrimaryAsync(admin, instance[0].Metadata.Name);
        await PatchClusterAsync(environment, """{"status":{"pgbackrest":{"repos":[{"name":"repo1","stanzaCreated":true}]}}}""", "status");

        // The replica-create backup starts, and its completion is reported.
        var replicaCreate = await SingleJobAsync(admin, "replica-create");
        Assert.StartsWith("hippo-backup-", replicaCreate.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("IvoryCluster", "hippo", true), (replicaCreate.Metadata.OwnerReferences[0].Kind, replicaCreate.Metadata.OwnerReferences[0].Name, replicaCreate.Metadata.OwnerReferences[0].Controller));
        Assert.Equal("pgbackrest", replicaCreate.Metadata.Annotations["ivory-operator.ivorysql.org/pgbackrest-config"]);
        // The pass that created the Job writes the conditions right after.
        await Eventually.Until(async () => await ConditionAsync(environment, "PGBackRestReplicaRepoReady") == "True"
            && await ConditionAsync(environment, "PGBackRestReplicaCreate") == "False", "PGBackRestReplicaRepoReady True, PGBackRestReplicaCreate False", s_timeout);
        await CompleteAsync(admin, replicaCreate.Metadata.Name);
        await Eventually.Until(async () => (bool?)(await ClusterAsync(environment))["status"]?["pgbackrest"]?["repos"]?[0]?["replicaCreateBackupComplete"] == true
            && await ConditionAsync(environment, "PGBackRestReplicaCreate") == "True", "replicaCreateBackupComplete and PGBackRestReplicaCreate", s_timeout);

        // A manual backup: the spec says what, the annotation asks for it.
        await PatchClusterAsync(environment, """{"metadata":{"annotations":{"ivory-operator.ivorysql.org/pgbackrest-backup":"first"}},"spec":{"backups":{"pgbackrest":{"manual":{"repoName":"repo1","options":["--type=full"]}}}}}""");
        var first = await SingleJobAsync(admin, "manual");
        Assert.Equal("first", first.Metadata.Annotations[BackupLabel]);
        Assert.Contains("--type=full", first.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "COMMAND_OPTS").Value, StringComparison.Ordinal);
        await Eventually.Until(async () => (string?)(await ClusterAsync(environment))["status"]?["pgbackrest"]?["manualBackup"]?["id"] == "first", "manualBackup.id is first", s_timeout);
        await CompleteAsync(admin, first.Metadata.Name);
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

    /// <summary>Reports the Job complete, as the Job controller does.</summary>
    private static Task CompleteAsync(Kubernetes admin, string job) => admin.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch("""
        {"status":{"startTime":"2026-01-01T00:00:00Z","completionTime":"2026-01-01T00:00:10Z","succeeded":1,"conditions":[
          {"type":"SuccessCriteriaMet","status":"True","reason":"CompletionsReached","lastProbeTime":"2026-01-01T00:00:10Z","lastTransitionTime":"2026-01-01T00:00:10Z"},
          {"type":"Complete","status":"True","reason":"CompletionsReached","lastProbeTime":"2026-01-01T00:00:10Z","lastTransitionTime":"2026-01-01T00:00:10Z"}]}}
        """, V1Patch.PatchType.MergePatch), job, Ns);

    /// <summary>The pod of <paramref name="instance"/>, running, ready and labelled master by "Patroni".</summary>
    private static async Task CreateReadyPrimaryAsync(Kubernetes admin, string instance)
    {
        var name = instance + "-0";
        await admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                    ["ivory-operator.ivorysql.org/instance-set"] = "instance1",
                    ["ivory-operator.ivorysql.org/instance"] = instance,
                    ["ivory-operator.ivorysql.org/role"] = "master",
                },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "database", Image = "ivorysql" }] },
        }, Ns);
        await admin.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""
            {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
             "containerStatuses":[{"name":"database","image":"ivorysql","imageID":"","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]}}
            """, V1Patch.PatchType.MergePatch), name, Ns);
    }

    private static Task<JsonObject> PatchClusterAsync(OperatorEnvironment environment, string patch, string? subresource = null) =>
        environment.AdminResources.MergePatchAsync(OperatorEnvironment.Clusters, Ns, "hippo", JsonNode.Parse(patch)!.AsObject(), CancellationToken.None, subresource: subresource);

    private static async Task<JsonObject> ClusterAsync(OperatorEnvironment environment) =>
        (await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, Ns, "hippo", CancellationToken.None))!;

    private static async Task<string?> ConditionAsync(OperatorEnvironment environment, string type) =>
        (string?)((await ClusterAsync(environment))["status"]?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)?["status"];
}
