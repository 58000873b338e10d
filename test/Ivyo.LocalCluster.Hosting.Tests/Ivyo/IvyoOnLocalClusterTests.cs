namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// IVYO as a user installs it on the local cluster: the operator runs as pods, the tutorial's <c>hippo</c> comes up
/// with real Patroni and PostgreSQL (two instances, one the Patroni leader), and deleting <c>hippo-primary</c> (the
/// tutorial's Test #1) brings it back.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class IvyoOnLocalClusterTests(HippoOnLocalCluster hippo)
{
    [Fact]
    public async Task Hippo_has_one_patroni_leader_and_one_replica()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        Assert.Single(replicas);
        Assert.NotEqual(primary, replicas[0]);
        Assert.Equal("t", (await hippo.PsqlAsync(primary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim());
    }

    [Fact]
    public async Task A_deleted_primary_service_comes_back()
    {
        var before = (await hippo.KubectlAsync("get", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace, "-o", "jsonpath={.metadata.uid}")).Output;
        Assert.Equal(0, (await hippo.KubectlAsync("delete", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace)).ExitCode);
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            var now = await hippo.KubectlAsync("get", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace, "-o", "jsonpath={.metadata.uid}");
            return now.ExitCode == 0 && now.Output.Length > 0 && now.Output != before;
        }, "hippo-primary is back", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_pgbackrest_stanza_is_created_and_wal_is_archived_to_the_repo_host()
    {
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.pgbackrest.repos[?(@.name==\"repo1\")].stanzaCreated}") == "true",
            "status.pgbackrest.repos says repo1 has its stanza", TimeSpan.FromMinutes(2));

        // A WAL segment switched out now reaches the repository through archive_command (pgbackrest archive-push).
        var (primary, _) = await hippo.StableRolesAsync();
        var switched = await hippo.PsqlAsync(primary, "CREATE TABLE IF NOT EXISTS archived (id int); INSERT INTO archived VALUES (1); SELECT pg_walfile_name(pg_switch_wal())");
        Assert.True(switched.ExitCode == 0, switched.Error);
        var segment = switched.Output.Trim().Split('\n')[^1];
        (int ExitCode, string Output, string Error) archiver = default;
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            archiver = await hippo.PsqlAsync(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
            return string.CompareOrdinal(archiver.Output.Trim(), segment) >= 0;
        }, $"{segment} is archived", TimeSpan.FromMinutes(1));

        var info = await hippo.KubectlAsync("exec", "-n", HippoOnLocalCluster.Namespace, primary, "-c", "database", "--", "pgbackrest", "info", "--stanza=db");
        Assert.True(info.ExitCode == 0, info.Error);
        // The archive is there, whether or not the replica-create backup has run yet (BackupTests checks the backups).
        Assert.Contains("wal archive min/max", info.Output, StringComparison.Ordinal);
    }
}
