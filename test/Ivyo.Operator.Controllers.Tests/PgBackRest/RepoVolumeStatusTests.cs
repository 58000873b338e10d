using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.PgBackRest;
using static Ivyo.Operator.Controllers.Tests.PgBackRest.BackupTestCluster;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

public sealed class RepoVolumeStatusTests
{
    private static JsonObject Claim(string? volume, string phase = "Bound", string repo = "repo1") => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "hippo-" + repo,
            ["labels"] = new JsonObject
            {
                ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                ["ivory-operator.ivorysql.org/pgbackrest-repo"] = repo,
                ["ivory-operator.ivorysql.org/pgbackrest-volume"] = "",
            },
        },
        ["spec"] = new JsonObject { ["volumeName"] = volume },
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    [Fact]
    public void A_bound_claim_records_its_volume_and_keeps_what_the_repository_has()
    {
        var repos = RepoVolumeStatus.Update(Hippo(), Repos(stanzaCreated: true, replicaCreateBackupComplete: true), [Claim("pv-1")]);

        Assert.Equal("""[{"name":"repo1","stanzaCreated":true,"replicaCreateBackupComplete":true,"volume":"pv-1","bound":true}]""", repos!.ToJsonString());
        Assert.Equal(repos.ToJsonString(), RepoVolumeStatus.Update(Hippo(), repos, [Claim("pv-1")])!.ToJsonString());
    }

    [Fact]
    public void A_claim_bound_to_another_volume_needs_its_stanza_and_replica_create_backup_again()
    {
        var before = RepoVolumeStatus.Update(Hippo(), Repos(stanzaCreated: true, replicaCreateBackupComplete: true), [Claim("pv-1")]);

        // Deleted and made again: first pending (nothing known yet), then bound to a new, empty volume.
        var pending = RepoVolumeStatus.Update(Hippo(), before, [Claim(null, "Pending")]);
        Assert.Equal("""[{"name":"repo1","stanzaCreated":true,"replicaCreateBackupComplete":true,"volume":"pv-1","bound":false}]""", pending!.ToJsonString());
        var replaced = RepoVolumeStatus.Update(Hippo(), pending, [Claim("pv-2")]);
        Assert.Equal("""[{"name":"repo1","stanzaCreated":false,"replicaCreateBackupComplete":false,"volume":"pv-2","bound":true}]""", replaced!.ToJsonString());
    }

    [Fact]
    public void A_repository_seen_for_the_first_time_is_added_and_claims_being_deleted_or_of_cloud_repositories_are_not_read()
    {
        var added = RepoVolumeStatus.Update(Hippo(), null, [Claim("pv-1", "Bound")]);
        Assert.Equal("""[{"name":"repo1","volume":"pv-1","bound":true}]""", added!.ToJsonString());

        var deleting = Claim("pv-9");
        deleting["metadata"]!["deletionTimestamp"] = "2026-11-27T10:00:00Z";
        Assert.Null(RepoVolumeStatus.Update(Hippo(), null, [deleting])?.FirstOrDefault());

        var cloud = Hippo();
        cloud.Spec.Backups.PgBackRest.Repos[0].Volume = null;
        var untouched = Repos();
        Assert.Same(untouched, RepoVolumeStatus.Update(cloud, untouched, [Claim("pv-1")]));
    }
}
