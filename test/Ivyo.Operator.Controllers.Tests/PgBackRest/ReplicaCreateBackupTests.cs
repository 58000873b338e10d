using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.PgBackRest;
using static Ivyo.Operator.Controllers.Tests.PgBackRest.BackupTestCluster;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

public sealed class ReplicaCreateBackupTests
{
    private static ConditionUpdate Condition(ReplicaCreateOutcome outcome, string type) => outcome.Conditions.Single(c => c.Type == type);

    [Fact]
    public void Once_the_stanza_exists_the_backup_job_is_created()
    {
        var cluster = Hippo();
        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, Repos()));

        var create = Assert.IsType<BackupJobAction.Create>(outcome.Action);
        Assert.Equal("hippo-backup-new1", create.Job.Metadata.Name);
        Assert.Equal("replica-create", create.Job.Metadata.Labels["ivory-operator.ivorysql.org/pgbackrest-backup"]);
        Assert.Null(outcome.Event);
        Assert.Equal(new ConditionUpdate("PGBackRestReplicaRepoReady", "True", "StanzaCreated", "pgBackRest replica create repo is ready for backups"),
            Condition(outcome, "PGBackRestReplicaRepoReady"));
        Assert.Equal(new ConditionUpdate("PGBackRestReplicaCreate", "False", "RepoBackupNotComplete", "pgBackRest replica creation is not currently possible"),
            Condition(outcome, "PGBackRestReplicaCreate"));
        Assert.False(outcome.ReplicaCreateReady);
    }

    [Fact]
    public void Nothing_starts_before_the_stanza_the_primary_or_the_repo_host()
    {
        var cluster = Hippo();
        Assert.Null(ReplicaCreateBackup.Decide(Inputs(cluster, Repos(stanzaCreated: false))).Action);
        Assert.Null(ReplicaCreateBackup.Decide(Inputs(cluster, Repos()) with { Writable = false }).Action);
        Assert.Null(ReplicaCreateBackup.Decide(Inputs(cluster, Repos()) with { RepoHostReady = false }).Action);

        var missing = ReplicaCreateBackup.Decide(Inputs(cluster, repos: null));
        Assert.Null(missing.Action);
        Assert.Equal(("Unknown", "RepoStatusMissing"), (Condition(missing, "PGBackRestReplicaRepoReady").Status, Condition(missing, "PGBackRestReplicaRepoReady").Reason));
        Assert.Equal(("Unknown", "RepoStatusMissing"), (Condition(missing, "PGBackRestReplicaCreate").Status, Condition(missing, "PGBackRestReplicaCreate").Reason));
    }

    [Fact]
    public void A_completed_job_marks_the_repository_and_the_condition()
    {
        var cluster = Hippo();
        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, Repos(), ReplicaCreateJob(cluster, "Complete")));

        Assert.Null(outcome.Action);
        Assert.True((bool?)outcome.Repos![0]!["replicaCreateBackupComplete"]);
        Assert.Equal(("True", "RepoBackupComplete"), (Condition(outcome, "PGBackRestReplicaCreate").Status, Condition(outcome, "PGBackRestReplicaCreate").Reason));
        Assert.True(outcome.ReplicaCreateReady);
        Assert.Equal("ReplicaCreateBackupComplete", outcome.Event?.Reason);

        // The next pass reads it from status and does nothing at all.
        var next = ReplicaCreateBackup.Decide(Inputs(cluster, outcome.Repos, ReplicaCreateJob(cluster, "Complete")));
        Assert.Null(next.Action);
        Assert.Null(next.Event);
        Assert.True(next.ReplicaCreateReady);
    }

    [Fact]
    public void A_running_job_is_left_alone()
    {
        var cluster = Hippo();
        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, Repos(), ReplicaCreateJob(cluster)));

        Assert.Null(outcome.Action);
        Assert.Null(outcome.Event);
    }

    [Theory]
    [InlineData("Failed", "pgbackrest", null, "ReplicaCreateBackupFailed")]
    [InlineData(null, "database", null, "ReplicaCreateBackupReplaced")]
    [InlineData(null, "pgbackrest", "another-hash", "ReplicaCreateBackupReplaced")]
    public void A_failed_or_stale_job_is_deleted(string? condition, string container, string? hash, string reason)
    {
        var cluster = Hippo();
        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, Repos(), ReplicaCreateJob(cluster, condition, container, hash)));

        Assert.Equal(new BackupJobAction.Delete("hippo-backup-old1", "uid-hippo-backup-old1"), outcome.Action);
        Assert.Equal(reason, outcome.Event?.Reason);
        Assert.False((bool?)outcome.Repos![0]!["replicaCreateBackupComplete"]);
    }

    [Fact]
    public void A_completed_job_made_for_a_replaced_repository_volume_does_not_count_and_the_new_job_records_its_volume()
    {
        var cluster = Hippo();
        var repos = Repos(stanzaCreated: true);
        repos[0]!["volume"] = "pv-2";
        var old = ReplicaCreateJob(cluster, "Complete");
        old["metadata"]!["annotations"]!["ivory-operator.ivorysql.org/pgbackrest-repo-volume"] = "pv-1";

        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, repos, old));
        Assert.Equal(new BackupJobAction.Delete("hippo-backup-old1", "uid-hippo-backup-old1"), outcome.Action);
        Assert.Equal("ReplicaCreateBackupReplaced", outcome.Event?.Reason);
        Assert.False((bool?)outcome.Repos![0]!["replicaCreateBackupComplete"]);

        var created = Assert.IsType<BackupJobAction.Create>(ReplicaCreateBackup.Decide(Inputs(cluster, repos)).Action);
        Assert.Equal("pv-2", created.Job.Metadata.Annotations["ivory-operator.ivorysql.org/pgbackrest-repo-volume"]);

        // A Job of the same volume, or one from before volumes were recorded, still counts.
        old["metadata"]!["annotations"]!["ivory-operator.ivorysql.org/pgbackrest-repo-volume"] = "pv-2";
        Assert.Null(ReplicaCreateBackup.Decide(Inputs(cluster, repos, old)).Action);
        Assert.Null(ReplicaCreateBackup.Decide(Inputs(cluster, repos, ReplicaCreateJob(cluster, "Complete"))).Action);
    }

    [Fact]
    public void Without_repositories_nothing_is_reported()
    {
        var cluster = Hippo();
        cluster.Spec.Backups.PgBackRest.Repos.Clear();
        var outcome = ReplicaCreateBackup.Decide(Inputs(cluster, null));

        Assert.Empty(outcome.Conditions);
        Assert.Null(outcome.Action);
    }
}
