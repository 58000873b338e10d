using Ivyo.Api.V1Beta1;
using Ivyo.Operator.PgBackRest;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestPostgresTests
{
    [Fact]
    public void Archiving_goes_through_pgbackrest()
    {
        var parameters = PgBackRestPostgres.PostgresParameters(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())));

        Assert.Equal(new Dictionary<string, string>
        {
            ["archive_mode"] = "on",
            ["archive_command"] = "pgbackrest --stanza=db archive-push \"%p\"",
            ["restore_command"] = "pgbackrest --stanza=db archive-get %f \"%p\"",
        }, parameters);
        Assert.Equal(new Dictionary<string, string> { ["archive_timeout"] = "60s" },
            PgBackRestPostgres.PostgresDefaultParameters(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()))));
    }

    [Fact]
    public void A_standby_restores_from_its_repo_only()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo(), BackupClusters.S3Repo("repo2"));
        cluster.Spec.Standby = new StandbySpec { Enabled = true, RepoName = "repo2" };

        Assert.Equal("pgbackrest --stanza=db archive-get %f \"%p\" --repo=2",
            PgBackRestPostgres.PostgresParameters(BackupClusters.Inputs(cluster))["restore_command"]);

        cluster.Spec.Standby.Enabled = false;
        Assert.Equal("pgbackrest --stanza=db archive-get %f \"%p\"",
            PgBackRestPostgres.PostgresParameters(BackupClusters.Inputs(cluster))["restore_command"]);
    }

    [Fact]
    public void All_objects_build_together()
    {
        var objects = PgBackRestObjects.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), BackupClusters.Image);

        Assert.NotNull(objects.Secret);
        Assert.NotNull(objects.RepoHost);
        Assert.Single(objects.RepoVolumes);
        Assert.Empty(objects.CronJobs);
        Assert.Equal("hippo-pgbackrest-config", objects.ConfigMap.Metadata.Name);

        var cloudOnly = PgBackRestObjects.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.S3Repo("repo1"))), null);
        Assert.Null(cloudOnly.Secret);
        Assert.Null(cloudOnly.RepoHost);
        Assert.Empty(cloudOnly.RepoVolumes);
    }
}
