using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// An in-place point-in-time restore on the real hippo, as ivory-operator's documentation asks for one:
/// <c>spec.backups.pgbackrest.restore</c> (enabled, repoName, <c>--type=time</c> and <c>--target</c>) plus the
/// <c>pgbackrest-restore</c> annotation. IVYO stops the instances, removes Patroni's DCS, runs the restore Job into the
/// primary's volume from the repository host, and starts the restored instance first; the other rejoins as its
/// replica. What was committed before the target is there; what came after is not.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class RestoreTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string RestoreAnnotation = "ivory-operator.ivorysql.org/pgbackrest-restore";

    [Fact]
    public async Task An_in_place_restore_returns_hippo_to_a_point_in_time_and_both_instances_follow()
    {
        // The replica-create backup is the base the restore starts from.
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestReplicaCreate\")].status}") == "True",
            "PGBackRestReplicaCreate is True", TimeSpan.FromMinutes(4));
        var (primary, _) = await hippo.UntilHealthyAsync();
        var systemIdentifier = await hippo.ClusterFieldAsync("{.status.patroni.systemIdentifier}");

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            await SqlAsync(primary, "CREATE TABLE restore_check (id int PRIMARY KEY); INSERT INTO restore_check VALUES (1), (2), (3)");
            var target = await SqlAsync(primary, "SELECT pg_catalog.clock_timestamp()::text");
            // After the target: a delete and an insert that the restore must undo. The switch sends their WAL to the
            // archive, where recovery finds a commit past the target and stops there.
            await SqlAsync(primary, "DELETE FROM restore_check WHERE id = 1; INSERT INTO restore_check VALUES (4)");
            var segment = await SqlAsync(primary, "SELECT pg_catalog.pg_walfile_name(pg_catalog.pg_switch_wal())");
            await HippoOnLocalCluster.UntilAsync(async () => string.CompareOrdinal(await SqlAsync(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_catalog.pg_stat_archiver"), segment) >= 0,
                $"WAL segment {segment} is archived", TimeSpan.FromMinutes(1));
            output.WriteLine($"target {target}; rows after it: {await SqlAsync(primary, "SELECT string_agg(id::text, ',' ORDER BY id) FROM restore_check")}");

            var id = "restore-" + DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var restore = new JsonObject { ["enabled"] = true, ["repoName"] = "repo1", ["options"] = new JsonArray("--type=time", $"--target=\"{target}\"") };
            await hippo.PatchClusterAsync(new JsonObject { ["spec"] = new JsonObject { ["backups"] = new JsonObject { ["pgbackrest"] = new JsonObject { ["restore"] = restore } } } }.ToJsonString());
            var annotated = await hippo.KubectlAsync("annotate", "ivorycluster", "hippo", "-n", Namespace, "--overwrite", $"{RestoreAnnotation}={id}");
            Assert.True(annotated.ExitCode == 0, annotated.Error);

            await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.pgbackrest.restore.id}/{.status.pgbackrest.restore.finished}") == id + "/true",
                $"status.pgbackrest.restore says restore {id} finished", TimeSpan.FromMinutes(5));
            output.WriteLine("restore status: " + await hippo.ClusterFieldAsync("{.status.pgbackrest.restore}"));
            Assert.Equal("1", await hippo.ClusterFieldAsync("{.status.pgbackrest.restore.succeeded}"));
            Assert.Equal("True/PGBackRestRestoreComplete",
                await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PostgresDataInitialized\")].status}/{.status.conditions[?(@.type==\"PostgresDataInitialized\")].reason}"));
            Assert.Equal("", await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestoreProgressing\")].status}"));

            var (restored, replicas) = await hippo.UntilHealthyAsync();
            output.WriteLine($"restored primary {restored}, replicas {string.Join(",", replicas)}");
            Assert.Equal("1,2,3", await SqlAsync(restored, "SELECT string_agg(id::text, ',' ORDER BY id) FROM restore_check"));
            await HippoOnLocalCluster.UntilAsync(async () => await SqlAsync(Assert.Single(replicas), "SELECT string_agg(id::text, ',' ORDER BY id) FROM restore_check") == "1,2,3",
                "the replica has the restored rows", TimeSpan.FromMinutes(1));
            // The same database, restored: Patroni bootstrapped it again from the restored directory.
            await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.patroni.systemIdentifier}") == systemIdentifier,
                "status.patroni.systemIdentifier is back", TimeSpan.FromMinutes(1));

            var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo",
                "-o", "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}");
            Assert.Contains("RestoreRequested", events.Output, StringComparison.Ordinal);
            Assert.Contains("RestoreStarted", events.Output, StringComparison.Ordinal);
            Assert.Contains("RestoreComplete", events.Output, StringComparison.Ordinal);

            // Backups go on: the stanza is checked again and a replica-create backup is recorded for the restored cluster.
            await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestReplicaCreate\")].status}") == "True",
                "PGBackRestReplicaCreate is True again", TimeSpan.FromMinutes(4));
        },
        // Leave hippo as it was: no restore section, no annotation, no table.
        () => hippo.PatchClusterAsync("""{"spec":{"backups":{"pgbackrest":{"restore":null}}}}"""),
        async () =>
        {
            var removed = await hippo.KubectlAsync("annotate", "ivorycluster", "hippo", "-n", Namespace, RestoreAnnotation + "-");
            Assert.True(removed.ExitCode == 0, removed.Error);
        },
        async () =>
        {
            var (current, _) = await hippo.UntilHealthyAsync();
            await SqlAsync(current, "DROP TABLE IF EXISTS restore_check");
        });
    }

    private async Task<string> SqlAsync(string pod, string sql)
    {
        var result = await hippo.PsqlAsync(pod, sql);
        Assert.True(result.ExitCode == 0, $"{sql}: {result.Error}");
        return result.Output.Trim();
    }
}
