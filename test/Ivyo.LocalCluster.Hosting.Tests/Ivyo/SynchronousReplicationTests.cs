using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// The tutorial's "Synchronous Replication" section on hippo (issue 6, part 2.5), turned on and off by editing the
/// IvoryCluster's <c>spec.patroni.dynamicConfiguration</c> on the running cluster: with <c>synchronous_mode</c> the
/// replica is the synchronous standby, and cut off, writes go on (Patroni favours availability); with
/// <c>synchronous_mode_strict</c> as well, a write waits while it is cut off and completes when it returns. The
/// replica is cut off with a network partition of its pod (from the primary and from the API server). Neither
/// setting recreates a pod, and each test puts hippo's dynamic configuration back as it found it.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class SynchronousReplicationTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;


    private static readonly TimeSpan LongCommand = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Synchronous_mode_names_the_replica_every_commit_is_on_it_and_writes_continue_without_it()
    {
        var (primary, replicas) = await hippo.UntilHealthyAsync();
        var replica = Assert.Single(replicas);
        var pods = await hippo.PodUidsAsync();
        var original = await OriginalConfigurationAsync();
        var table = "sync_" + Guid.NewGuid().ToString("N")[..8];

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            await hippo.PatchClusterAsync(SynchronousPatch(strict: false));
            await UntilPatroniHoldsAsync(config => Flag(config, "synchronous_mode") && !Flag(config, "synchronous_mode_strict"), "synchronous_mode on, strict off");
            await UntilSynchronousStandbyAsync(primary, replica);
            await UntilShortTimeoutsAsync(primary, replica);

            // Every acknowledged commit is on the synchronous standby: with remote_apply the commit returns once the
            // replica has applied it, so a read on the replica right after sees the row.
            Assert.Equal(0, (await hippo.PsqlAsync(primary, $"CREATE TABLE {table} (id int)")).ExitCode);
            var committed = await hippo.PsqlAsync(primary, $"SET synchronous_commit = remote_apply; INSERT INTO {table} VALUES (1)");
            Assert.True(committed.ExitCode == 0, committed.Error);
            Assert.Equal("1", (await hippo.PsqlAsync(replica, $"SELECT count(*) FROM {table} WHERE id = 1")).Output.Trim());

            // The replica cut off: a write still completes, once Patroni has dropped the silent standby from
            // synchronous_standby_names (after wal_sender_timeout and a Patroni loop).
            await hippo.Cluster.Faults.PartitionPodAsync(Namespace, replica);
            var write = await hippo.TimedPsqlAsync(primary, $"INSERT INTO {table} VALUES (2)", LongCommand);
            output.WriteLine($"plain synchronous mode, replica partitioned: the write returned{write.Error}");
            Assert.True(write.ExitCode == 0, write.Error);
            var names = (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output;
            Assert.DoesNotContain(replica, names, StringComparison.Ordinal);

            // Back, it is the synchronous standby again and has the row written while it was away.
            Assert.True(await hippo.Cluster.Faults.HealPodAsync(Namespace, replica));
            await UntilSynchronousStandbyAsync(primary, replica);
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, $"SELECT count(*) FROM {table}")).Output.Trim() == "2",
                $"{replica} has both rows", TimeSpan.FromMinutes(1));
        },
            () => hippo.Cluster.Faults.HealAllAsync(),
            () => RestoreAsync(original, primary),
            async () => Assert.Equal(pods, await hippo.PodUidsAsync()));
    }

    [Fact]
    public async Task Strict_synchronous_mode_blocks_a_write_while_the_replica_is_away_and_completes_it_when_it_returns()
    {
        var (primary, replicas) = await hippo.UntilHealthyAsync();
        var replica = Assert.Single(replicas);
        var pods = await hippo.PodUidsAsync();
        var original = await OriginalConfigurationAsync();
        var table = "strict_" + Guid.NewGuid().ToString("N")[..8];
        Task<(int ExitCode, string Output, string Error)>? blocked = null;

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            await hippo.PatchClusterAsync(SynchronousPatch(strict: true));
            await UntilPatroniHoldsAsync(config => Flag(config, "synchronous_mode") && Flag(config, "synchronous_mode_strict"), "synchronous_mode and synchronous_mode_strict on");
            await UntilSynchronousStandbyAsync(primary, replica);
            await UntilShortTimeoutsAsync(primary, replica);
            Assert.Equal(0, (await hippo.PsqlAsync(primary, $"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (1)")).ExitCode);

            // The replica cut off. The primary's walsender gives up on it, and Patroni, which in strict mode never
            // runs without a synchronous standby, waits for any standby at all ('*') instead of dropping the names.
            await hippo.Cluster.Faults.PartitionPodAsync(Namespace, replica);
            await HippoOnLocalCluster.UntilAsync(async () => !(await hippo.ReplicationAsync(primary)).Contains(replica, StringComparison.Ordinal),
                $"{primary} has no walsender for {replica}", TimeSpan.FromMinutes(2));
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output.Trim() == "*",
                $"Patroni on {primary} waits for any standby (synchronous_standby_names = '*')", TimeSpan.FromMinutes(1));

            // A write now commits locally, then waits for a synchronous standby; statement_timeout does not apply to
            // that wait, so it is run in the background and must not return. The 15 s are a fixed wait on purpose:
            // they assert that something does NOT happen.
            blocked = hippo.TimedPsqlAsync(primary, $"INSERT INTO {table} VALUES (2)", LongCommand);
            var clock = Stopwatch.StartNew();
            var first = await Task.WhenAny(blocked, Task.Delay(TimeSpan.FromSeconds(15)));
            Assert.True(first != blocked,
                "a write returned while the only standby was cut off in strict mode: " + (first == blocked ? (await blocked).Error : ""));

            // The replica back, the write completes, and the row is on both instances.
            Assert.True(await hippo.Cluster.Faults.HealPodAsync(Namespace, replica));
            var resumed = await blocked;
            output.WriteLine($"strict synchronous mode: the write returned {clock.Elapsed.TotalSeconds:F1} s after it started (the replica healed after 15 s){resumed.Error}");
            Assert.True(resumed.ExitCode == 0, resumed.Error);
            Assert.Equal("1", (await hippo.PsqlAsync(primary, $"SELECT count(*) FROM {table} WHERE id = 2")).Output.Trim());
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, $"SELECT count(*) FROM {table} WHERE id = 2")).Output.Trim() == "1",
                $"{replica} has the row written while it was away", TimeSpan.FromMinutes(1));
            await UntilSynchronousStandbyAsync(primary, replica);
        },
            () => hippo.Cluster.Faults.HealAllAsync(),
            async () =>
            {
                // A write still waiting ends once the replica is back (or when its kubectl is killed after LongCommand).
                if (blocked is not null)
                {
                    await blocked;
                }
            },
            () => RestoreAsync(original, primary),
            async () => Assert.Equal(pods, await hippo.PodUidsAsync()));
    }

    /// <summary>hippo's <c>spec.patroni.dynamicConfiguration</c> (JSON, empty when unset) and Patroni's copy of it.</summary>
    private async Task<(string Spec, JsonObject Patroni)> OriginalConfigurationAsync()
    {
        var spec = (await hippo.ClusterFieldAsync("{.spec.patroni.dynamicConfiguration}")).Trim();
        var patroni = await hippo.PatroniConfigurationAsync();
        Assert.True(patroni.Count > 0, "Patroni's dynamic configuration (hippo-ha-config) could not be read");
        return (spec, patroni);
    }

    /// <summary>
    /// Puts <c>spec.patroni.dynamicConfiguration</c> back and waits until Patroni holds the synchronous settings and
    /// timeouts it held before, and the primary names no synchronous standby if it named none before.
    /// </summary>
    private async Task RestoreAsync((string Spec, JsonObject Patroni) original, string primary)
    {
        await hippo.PatchClusterAsync(original.Spec.Length == 0
            ? """[{"op":"remove","path":"/spec/patroni/dynamicConfiguration"}]"""
            : $$"""[{"op":"add","path":"/spec/patroni/dynamicConfiguration","value":{{original.Spec}}}]""", "json");
        await UntilPatroniHoldsAsync(config =>
            JsonNode.DeepEquals(config["synchronous_mode"], original.Patroni["synchronous_mode"]) &&
            JsonNode.DeepEquals(config["synchronous_mode_strict"], original.Patroni["synchronous_mode_strict"]) &&
            JsonNode.DeepEquals(config["postgresql"]?["parameters"]?["wal_sender_timeout"], original.Patroni["postgresql"]?["parameters"]?["wal_sender_timeout"]) &&
            JsonNode.DeepEquals(config["postgresql"]?["parameters"]?["wal_receiver_timeout"], original.Patroni["postgresql"]?["parameters"]?["wal_receiver_timeout"]),
            "the original synchronous settings");
        if (!Flag(original.Patroni, "synchronous_mode"))
        {
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output.Trim().Length == 0,
                $"synchronous_standby_names on {primary} is empty again", TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Waits until Patroni has reloaded PostgreSQL with the short timeouts of <see cref="SynchronousPatch"/>.</summary>
    private async Task UntilShortTimeoutsAsync(string primary, string replica)
    {
        await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(primary, "SHOW wal_sender_timeout")).Output.Trim() == "10s",
            $"wal_sender_timeout is 10s on {primary}", TimeSpan.FromMinutes(1));
        await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, "SHOW wal_receiver_timeout")).Output.Trim() == "10s",
            $"wal_receiver_timeout is 10s on {replica}", TimeSpan.FromMinutes(1));
    }

    private async Task UntilPatroniHoldsAsync(Func<JsonObject, bool> condition, string what) =>
        await HippoOnLocalCluster.UntilAsync(async () => condition(await hippo.PatroniConfigurationAsync()),
            $"Patroni's dynamic configuration has {what}", TimeSpan.FromMinutes(1));

    /// <summary>Waits until <paramref name="replica"/> streams to <paramref name="primary"/> as its synchronous standby, by name.</summary>
    private async Task UntilSynchronousStandbyAsync(string primary, string replica)
    {
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await hippo.ReplicationAsync(primary)).Contains(replica + ":streaming:sync", StringComparison.Ordinal) &&
            (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output.Contains(replica, StringComparison.Ordinal),
            $"{replica} is the synchronous standby of {primary}, named in synchronous_standby_names", TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// The merge patch that turns on <c>synchronous_mode</c> (and <c>synchronous_mode_strict</c> or not), as the
    /// tutorial's YAML does. PostgreSQL notices a standby that went silent only after <c>wal_sender_timeout</c> (60 s
    /// by default); until then its walsender stays in pg_stat_replication and Patroni keeps it as the synchronous
    /// standby. The patch lowers it to 10 s (and the replica's <c>wal_receiver_timeout</c>, so that after the
    /// partition heals the replica gives up its dead connection as fast) to keep the tests short. Both are reloaded
    /// without a restart.
    /// </summary>
    private static string SynchronousPatch(bool strict) =>
        """{"spec":{"patroni":{"dynamicConfiguration":{"synchronous_mode":true,"synchronous_mode_strict":""" + (strict ? "true" : "false") +
        ""","postgresql":{"parameters":{"wal_sender_timeout":"10s","wal_receiver_timeout":"10s"}}}}}}""";

    private static bool Flag(JsonObject config, string key) => config[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
