using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestBackupJobsTests
{
    private static string Env(V1Job job, string name) => Assert.Single(job.Spec.Template.Spec.Containers).Env.Single(e => e.Name == name).Value;

    [Fact]
    public void Backup_job_names_are_the_cluster_backup_and_four_random_characters()
    {
        var name = Names.GeneratePgBackRestBackupJob("hippo", new SeededRandomSource(3));

        Assert.Matches("^hippo-backup-[bcdfghjklmnpqrstvwxz2456789]{4}$", name);
        Assert.Equal(name, Names.GeneratePgBackRestBackupJob("hippo", new SeededRandomSource(3)));
    }

    [Fact]
    public void The_replica_create_backup_is_labelled_owned_and_annotated_with_its_configuration()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo(), BackupClusters.S3Repo());
        var job = PgBackRestBackupJobs.ReplicaCreate(cluster, cluster.Spec.Backups.PgBackRest.Repos[0], "hippo-backup-abcd", BackupClusters.Image);

        Assert.Equal(("batch/v1", "Job", "hippo-backup-abcd", "postgres-operator"), (job.ApiVersion, job.Kind, job.Metadata.Name, job.Metadata.NamespaceProperty));
        var expected = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-repo"] = "repo1",
            ["ivory-operator.ivorysql.org/pgbackrest-backup"] = "replica-create",
        };
        Assert.Equal(expected, job.Metadata.Labels);
        Assert.Equal(expected, job.Spec.Template.Metadata.Labels);
        var annotations = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/pgbackrest-config"] = "pgbackrest",
            ["ivory-operator.ivorysql.org/pgbackrest-hash"] = PgBackRestConfigHash.Compute(cluster),
        };
        Assert.Equal(annotations, job.Metadata.Annotations);
        Assert.Equal(annotations, job.Spec.Template.Metadata.Annotations);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("IvoryCluster", "hippo", BackupClusters.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));

        // A full backup is pgBackRest's default type; the replica-create backup asks only for an immediate checkpoint.
        Assert.Equal("backup", Env(job, "COMMAND"));
        Assert.Equal("--stanza=db --repo=1 --start-fast", Env(job, "COMMAND_OPTS"));
        Assert.Equal("pgbackrest", Env(job, "CONTAINER"));
        Assert.Equal(["/opt/crunchy/bin/pgbackrest"], Assert.Single(job.Spec.Template.Spec.Containers).Command);
        Assert.Equal("hippo-pgbackrest", job.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void A_cloud_repository_is_backed_up_from_the_primarys_database_container()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.S3Repo("repo1"));
        var job = PgBackRestBackupJobs.ReplicaCreate(cluster, cluster.Spec.Backups.PgBackRest.Repos[0], "hippo-backup-abcd", BackupClusters.Image);

        Assert.Equal("database", job.Metadata.Annotations["ivory-operator.ivorysql.org/pgbackrest-config"]);
        Assert.Equal("database", Env(job, "CONTAINER"));
        Assert.Equal("database", PgBackRestBackupJobs.ConfigContainer(cluster.Spec.Backups.PgBackRest.Repos[0]));
    }

    [Fact]
    public void A_manual_backup_carries_its_id_and_the_specs_options()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo(), BackupClusters.VolumeRepo("repo2"));
        cluster.Spec.Metadata = new Metadata { Labels = new Dictionary<string, string> { ["team"] = "zoo" }, Annotations = new Dictionary<string, string> { ["note"] = "x" } };
        cluster.Spec.Backups.PgBackRest.Manual = new PgBackRestManualBackup { RepoName = "repo2", Options = ["--type=full", "--start-fast"] };
        var job = PgBackRestBackupJobs.Manual(cluster, cluster.Spec.Backups.PgBackRest.Repos[1], "hippo-backup-wxyz", "Fri Nov 27 04:00:00 UTC 2026", BackupClusters.Image);

        Assert.Equal("manual", job.Metadata.Labels["ivory-operator.ivorysql.org/pgbackrest-backup"]);
        Assert.Equal("repo2", job.Metadata.Labels["ivory-operator.ivorysql.org/pgbackrest-repo"]);
        Assert.Equal("zoo", job.Spec.Template.Metadata.Labels["team"]);
        Assert.Equal(new Dictionary<string, string> { ["note"] = "x", ["ivory-operator.ivorysql.org/pgbackrest-backup"] = "Fri Nov 27 04:00:00 UTC 2026" },
            job.Metadata.Annotations);
        Assert.Equal("--stanza=db --repo=2 --type=full --start-fast", Env(job, "COMMAND_OPTS"));
    }
}
