using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.PgBackRest;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

/// <summary>
/// The in-place restore's decisions, pass by pass, as the caches would show the cluster between them: preparing (the
/// old Job, then the instances, then the DCS go), the Job, its end, and the requests that are refused up front.
/// </summary>
public sealed class InPlaceRestoreTests
{
    private const string Id = "Fri Nov 27 10:00:00 UTC 2026";
    private const string Primary = "hippo-instance1-abcd";
    private const string Replica = "hippo-instance1-wxyz";
    private const string Image = "docker.io/ivorysql/ivorysql:test";

    private static IvoryCluster Hippo(string? annotation = Id, bool enabled = true, string repo = "repo1", params string[] options)
    {
        var cluster = BackupTestCluster.Hippo();
        cluster.Metadata.Annotations = annotation is null ? null : new Dictionary<string, string> { ["ivory-operator.ivorysql.org/pgbackrest-restore"] = annotation };
        cluster.Spec.Backups.PgBackRest.Restore = new PgBackRestRestore { Enabled = enabled, RepoName = repo, Options = options };
        return cluster;
    }

    private static V1Pod Pod(string instance, string role) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = instance + "-0",
            Labels = new Dictionary<string, string>
            {
                ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                ["ivory-operator.ivorysql.org/instance-set"] = "instance1",
                ["ivory-operator.ivorysql.org/instance"] = instance,
                ["ivory-operator.ivorysql.org/role"] = role,
            },
        },
    };

    private static JsonObject Named(string name, params (string Key, string Value)[] labels) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["uid"] = "uid-" + name,
            ["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
        },
    };

    private static readonly JsonObject[] s_sets =
    [
        Named(Replica, ("ivory-operator.ivorysql.org/instance", Replica), ("ivory-operator.ivorysql.org/instance-set", "instance1")),
        Named(Primary, ("ivory-operator.ivorysql.org/instance", Primary), ("ivory-operator.ivorysql.org/instance-set", "instance1")),
    ];

    private static readonly JsonObject[] s_dcs = [Named("hippo-ha"), Named("hippo-ha-config")];

    private static readonly V1Pod[] s_running = [Pod(Primary, "master"), Pod(Replica, "replica")];

    /// <summary>The live status after a pass wrote <paramref name="plan"/> (conditions, restore status, startup instance) over <paramref name="before"/>.</summary>
    private static JsonObject After(JsonObject? before, RestorePlan plan)
    {
        var status = before?.DeepClone().AsObject() ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        foreach (var update in plan.Conditions)
        {
            conditions = [.. conditions.Where(c => (string?)c?["type"] != update.Type).Select(c => c?.DeepClone())];
            if (update.Status is { } value)
            {
                conditions.Add(new JsonObject { ["type"] = update.Type, ["status"] = value, ["reason"] = update.Reason });
            }
        }

        status["conditions"] = conditions;
        if (plan.Status is { } restore)
        {
            status["pgbackrest"] = new JsonObject { ["restore"] = restore.DeepClone() };
        }

        if (plan.Startup is { } startup)
        {
            (status["startupInstance"], status["startupInstanceSet"]) = (startup.Instance, startup.Set);
        }

        return status;
    }

    private static JsonObject RestoreJob(IvoryCluster cluster, string? condition = null, string? hash = null)
    {
        var job = BackupTestCluster.Job("hippo-pgbackrest-restore", "unused", new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/pgbackrest-hash"] = hash ?? PgBackRestRestoreJob.SettingsHash(cluster.Spec.Backups.PgBackRest.Restore!),
        }, condition);
        job["metadata"]!["labels"] = new JsonObject { ["ivory-operator.ivorysql.org/cluster"] = "hippo", ["ivory-operator.ivorysql.org/pgbackrest-restore"] = "" };
        return job;
    }

    private static RestorePlan Decide(IvoryCluster cluster, JsonObject? status, IReadOnlyList<V1Pod> pods, IReadOnlyList<JsonObject> endpoints, JsonObject? job = null) =>
        InPlaceRestore.Decide(cluster, status, pods, s_sets, endpoints, job, Image);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(Id, false)]
    public void Without_both_the_annotation_and_enabled_nothing_happens(string? annotation, bool enabled) =>
        Assert.Same(RestorePlan.None, Decide(Hippo(annotation, enabled), null, s_running, s_dcs));

    [Fact]
    public void A_request_stops_the_instances_then_removes_the_dcs_then_is_ready_and_runs_the_job_into_the_primary()
    {
        var cluster = Hippo(options: ["--type=time", "--target=\"2026-11-27 09:00:00+00\""]);

        var stopping = Decide(cluster, null, s_running, s_dcs);
        Assert.True(stopping is { InProgress: true, HoldInstances: true, Reset: false });
        Assert.Equal((Primary, "instance1"), stopping.Startup);
        Assert.Equal(new JsonObject { ["id"] = Id, ["finished"] = false }.ToJsonString(), stopping.Status!.ToJsonString());
        Assert.Equal(new ConditionUpdate("PGBackRestoreProgressing", "True", "RestoreInPlaceRequested", "Preparing cluster to restore in-place: removing runners"),
            Assert.Single(stopping.Conditions));
        Assert.Empty(stopping.Actions);
        Assert.Equal("RestoreRequested", Assert.Single(stopping.Events).Reason);

        // The pods are gone; Patroni's Endpoints are next. The startup instance is the one recorded, no longer the primary's pod.
        var status = After(null, stopping);
        var dcs = Decide(cluster, status, [], s_dcs);
        Assert.True(dcs.HoldInstances);
        Assert.Equal((Primary, "instance1"), dcs.Startup);
        Assert.Equal(["hippo-ha", "hippo-ha-config"], dcs.Actions.Cast<RestoreAction.Delete>().Select(d => d.Name));
        Assert.All(dcs.Actions.Cast<RestoreAction.Delete>(), d => Assert.Equal("Endpoints", d.Kind.Kind));
        Assert.Empty(dcs.Events);

        var ready = Decide(cluster, After(status, dcs), [], []);
        Assert.True(ready is { HoldInstances: true, Reset: true });
        Assert.Contains(new ConditionUpdate("PGBackRestoreProgressing", "True", "ReadyForRestore", "Restoring cluster in-place"), ready.Conditions);
        Assert.Contains(ConditionUpdate.Remove("PostgresDataInitialized"), ready.Conditions);

        var start = Decide(cluster, After(After(status, dcs), ready), [], []);
        var job = Assert.IsType<RestoreAction.Create>(Assert.Single(start.Actions)).Job;
        Assert.True(start.HoldInstances);
        Assert.Equal("hippo-pgbackrest-restore", job.Metadata.Name);
        Assert.Equal(Primary + "-pgdata", job.Spec.Template.Spec.Volumes.Single(v => v.Name == "ivory-data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("RestoreStarted", Assert.Single(start.Events).Reason);
    }

    [Fact]
    public void A_running_job_holds_the_cluster_its_end_starts_the_restored_instance_first_and_then_nothing_is_left_to_do()
    {
        var cluster = Hippo();
        var ready = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PGBackRestoreProgressing", ["status"] = "True", ["reason"] = "ReadyForRestore" }),
            ["pgbackrest"] = new JsonObject { ["restore"] = new JsonObject { ["id"] = Id, ["finished"] = false } },
            ["startupInstance"] = Primary,
            ["startupInstanceSet"] = "instance1",
        };

        var running = Decide(cluster, ready, [], [], RestoreJob(cluster));
        Assert.True(running is { HoldInstances: true, Actions.Count: 0 });
        Assert.Equal(1, (int?)running.Status!["active"]);

        var done = Decide(cluster, ready, [], [], RestoreJob(cluster, "Complete"));
        Assert.True(done is { InProgress: true, HoldInstances: false });
        Assert.Equal((Primary, "instance1"), done.Startup);
        Assert.True((bool?)done.Status!["finished"]);
        Assert.Equal(1, (int?)done.Status["succeeded"]);
        Assert.Equal(
            [new ConditionUpdate("PostgresDataInitialized", "True", "PGBackRestRestoreComplete", "pgBackRest restore completed successfully"), ConditionUpdate.Remove("PGBackRestoreProgressing")],
            done.Conditions);
        Assert.Equal("RestoreComplete", Assert.Single(done.Events).Reason);

        Assert.Same(RestorePlan.None, Decide(cluster, After(ready, done), [Pod(Primary, "master")], s_dcs, RestoreJob(cluster, "Complete")));
    }

    [Fact]
    public void A_failed_job_keeps_the_cluster_stopped_and_a_new_annotation_value_replaces_the_job()
    {
        var cluster = Hippo();
        var ready = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PGBackRestoreProgressing", ["status"] = "True", ["reason"] = "ReadyForRestore" }),
            ["pgbackrest"] = new JsonObject { ["restore"] = new JsonObject { ["id"] = Id, ["finished"] = false } },
            ["startupInstance"] = Primary,
        };

        var failed = Decide(cluster, ready, [], [], RestoreJob(cluster, "Failed"));
        Assert.True(failed.HoldInstances);
        Assert.Contains(new ConditionUpdate("PostgresDataInitialized", "False", "PGBackRestRestoreFailed", "pgBackRest restore failed"), failed.Conditions);
        Assert.True(Assert.Single(failed.Events).Warning);

        var retry = Decide(Hippo("a second try"), After(ready, failed), [], [], RestoreJob(cluster, "Failed"));
        var delete = Assert.IsType<RestoreAction.Delete>(Assert.Single(retry.Actions));
        Assert.Equal(("Job", "hippo-pgbackrest-restore"), (delete.Kind.Kind, delete.Name));
        Assert.Equal("a second try", (string?)retry.Status!["id"]);
    }

    [Fact]
    public void Changed_restore_settings_during_a_restore_replace_its_job()
    {
        var cluster = Hippo(options: ["--type=immediate"]);
        var ready = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PGBackRestoreProgressing", ["status"] = "True", ["reason"] = "ReadyForRestore" }),
            ["pgbackrest"] = new JsonObject { ["restore"] = new JsonObject { ["id"] = Id, ["finished"] = false } },
            ["startupInstance"] = Primary,
        };

        var plan = Decide(cluster, ready, [], [], RestoreJob(cluster, hash: "settings-of-before"));

        Assert.Equal("Job", Assert.IsType<RestoreAction.Delete>(Assert.Single(plan.Actions)).Kind.Kind);
        Assert.True(plan.HoldInstances);
    }

    [Theory]
    [InlineData("repo2", "--type=immediate", "spec.backups.pgbackrest.restore.repoName \"repo2\" is not a repository in spec.backups.pgbackrest.repos")]
    [InlineData("repo1", "--repo=2", "Option '--repo' is not allowed: please use the 'repoName' field instead.")]
    [InlineData("repo1", "--stanza=other", "Option '--stanza' is not allowed: the operator will automatically set this option")]
    [InlineData("repo1", "--target-action=pause", "Option '--target-action' is not allowed")]
    public void A_request_ivyo_cannot_carry_out_is_refused_before_anything_stops(string repo, string option, string message)
    {
        var plan = Decide(Hippo(repo: repo, options: [option]), null, s_running, s_dcs);

        Assert.False(plan.InProgress || plan.HoldInstances);
        Assert.Empty(plan.Actions);
        Assert.Null(plan.Status);
        var warning = Assert.Single(plan.Events);
        Assert.Equal(("InvalidDataSource", true), (warning.Reason, warning.Warning));
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Restore \"{Id}\" not started", warning.Message, StringComparison.Ordinal);
    }
}
