using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.PgBackRest;
using static Ivyo.Operator.Controllers.Tests.PgBackRest.BackupTestCluster;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

public sealed class ManualBackupTests
{
    private const string Id = "Fri Nov 27 04:00:00 UTC 2026";
    private static readonly PgBackRestManualBackup s_full = new() { RepoName = "repo1", Options = ["--type=full"] };

    private static JsonArray Ready() => Repos(replicaCreateBackupComplete: true);

    private static JsonObject Status(string id, bool finished = false) => new() { ["id"] = id, ["finished"] = finished };

    [Fact]
    public void A_new_annotation_value_starts_a_backup_job_and_resets_the_status()
    {
        var outcome = ManualBackup.Decide(Inputs(Hippo(s_full), Ready()), Id, Status("older", finished: true), replicaCreateReady: true);

        var create = Assert.IsType<BackupJobAction.Create>(outcome.Action);
        Assert.Equal("manual", create.Job.Metadata.Labels["ivory-operator.ivorysql.org/pgbackrest-backup"]);
        Assert.Equal(Id, create.Job.Metadata.Annotations["ivory-operator.ivorysql.org/pgbackrest-backup"]);
        Assert.Equal(Id, (string?)outcome.Status!["id"]);
        Assert.False((bool?)outcome.Status["finished"]);
        Assert.Equal(ConditionUpdate.Remove("PGBackRestManualBackupSuccessful"), outcome.Condition);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void A_completed_job_finishes_the_status_and_sets_the_condition_once()
    {
        var job = ManualJob(Id, "Complete");
        var outcome = ManualBackup.Decide(Inputs(Hippo(s_full), Ready(), job), Id, Status(Id), replicaCreateReady: true);

        Assert.Null(outcome.Action);
        Assert.True((bool?)outcome.Status!["finished"]);
        Assert.Equal(1, (int?)outcome.Status["succeeded"]);
        Assert.Equal("2026-11-27T04:01:00Z", (string?)outcome.Status["completionTime"]);
        Assert.Equal(new ConditionUpdate("PGBackRestManualBackupSuccessful", "True", "ManualBackupComplete", "Manual backup completed successfully"), outcome.Condition);
        Assert.Equal("ManualBackupComplete", Assert.Single(outcome.Events).Reason);

        var again = ManualBackup.Decide(Inputs(Hippo(s_full), Ready(), job), Id, outcome.Status, replicaCreateReady: true);
        Assert.Null(again.Action);
        Assert.Empty(again.Events);
        Assert.True(JsonNode.DeepEquals(outcome.Status, again.Status));
    }

    [Fact]
    public void A_failed_job_sets_the_condition_false()
    {
        var outcome = ManualBackup.Decide(Inputs(Hippo(s_full), Ready(), ManualJob(Id, "Failed")), Id, Status(Id), replicaCreateReady: true);

        Assert.Equal(("False", "ManualBackupFailed"), (outcome.Condition?.Status, outcome.Condition?.Reason));
        Assert.True((bool?)outcome.Status!["finished"]);
        Assert.True(Assert.Single(outcome.Events).Warning);
    }

    [Fact]
    public void A_finished_job_of_an_older_value_is_deleted_and_a_running_one_finishes_first()
    {
        var finished = ManualBackup.Decide(Inputs(Hippo(s_full), Ready(), ManualJob("older", "Complete")), Id, Status("older", finished: true), replicaCreateReady: true);
        Assert.Equal(new BackupJobAction.Delete("hippo-backup-man1", "uid-hippo-backup-man1"), finished.Action);

        var running = ManualBackup.Decide(Inputs(Hippo(s_full), Ready(), ManualJob("older")), Id, Status("older"), replicaCreateReady: true);
        Assert.Null(running.Action);
        Assert.Equal("older", (string?)running.Status!["id"]);
    }

    [Fact]
    public void It_waits_for_the_replica_create_backup_the_primary_and_the_stanza()
    {
        var cluster = Hippo(s_full);
        Assert.Null(ManualBackup.Decide(Inputs(cluster, Ready()), Id, null, replicaCreateReady: false).Action);
        Assert.Null(ManualBackup.Decide(Inputs(cluster, Ready()) with { Writable = false }, Id, null, replicaCreateReady: true).Action);
        Assert.Null(ManualBackup.Decide(Inputs(cluster, Ready()) with { RepoHostReady = false }, Id, null, replicaCreateReady: true).Action);

        var noStanza = ManualBackup.Decide(Inputs(cluster, Repos(stanzaCreated: false)), Id, null, replicaCreateReady: true);
        Assert.Null(noStanza.Action);
        Assert.Equal("StanzaNotCreated", Assert.Single(noStanza.Events).Reason);
    }

    [Fact]
    public void Without_the_annotation_nothing_happens_and_the_status_stays()
    {
        var outcome = ManualBackup.Decide(Inputs(Hippo(s_full), Ready()), null, null, replicaCreateReady: true);

        Assert.Null(outcome.Action);
        Assert.Null(outcome.Status);
        Assert.Null(outcome.Condition);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void The_annotation_without_a_manual_spec_is_a_warning()
    {
        var outcome = ManualBackup.Decide(Inputs(Hippo(manual: null), Ready()), Id, null, replicaCreateReady: true);

        Assert.Null(outcome.Action);
        var warning = Assert.Single(outcome.Events);
        Assert.True(warning.Warning);
        Assert.Equal("InvalidManualBackup", warning.Reason);
        Assert.Contains("spec.backups.pgbackrest.manual is not set", warning.Message, StringComparison.Ordinal);

        // Not once the backup of that value was taken (the manual section removed afterwards).
        Assert.Empty(ManualBackup.Decide(Inputs(Hippo(manual: null), Ready()), Id, Status(Id, finished: true), replicaCreateReady: true).Events);
    }

    [Theory]
    [InlineData("repo9", "--type=full", "InvalidBackupRepo")]
    [InlineData("repo1", "--repo=2", "InvalidManualBackup")]
    public void Invalid_requests_are_warnings(string repo, string option, string reason)
    {
        var outcome = ManualBackup.Decide(Inputs(Hippo(new PgBackRestManualBackup { RepoName = repo, Options = [option] }), Ready()), Id, null, replicaCreateReady: true);

        Assert.Null(outcome.Action);
        Assert.Equal(reason, Assert.Single(outcome.Events).Reason);
    }
}
