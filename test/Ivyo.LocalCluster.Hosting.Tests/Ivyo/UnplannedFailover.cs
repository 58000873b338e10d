using System.Diagnostics;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// The checks around an unplanned failover of hippo, shared by the tests that cause one: 100 rows committed and
/// replicated before the fault; after it, the replica labelled master and out of recovery, and a write through
/// <c>hippo-primary</c> with the user Secret's <c>uri</c> that finds every row; after the repair, the old primary
/// streaming from the new one with every row.
/// </summary>
internal sealed class UnplannedFailover
{
    private readonly HippoOnLocalCluster _hippo;
    private readonly ITestOutputHelper _output;
    private readonly string _uri;
    private readonly string _table;
    private readonly Stopwatch _clock = new();

    private UnplannedFailover(HippoOnLocalCluster hippo, ITestOutputHelper output, string primary, string replica, string uri, string table)
    {
        _hippo = hippo;
        _output = output;
        Primary = primary;
        Replica = replica;
        _uri = uri;
        _table = table;
    }

    /// <summary>The primary before the fault.</summary>
    public string Primary { get; }

    /// <summary>The replica that is to take over.</summary>
    public string Replica { get; }

    /// <summary>Waits until hippo is whole, then commits 100 rows through <c>hippo-primary</c> and waits until the replica has them.</summary>
    public static async Task<UnplannedFailover> PrepareAsync(HippoOnLocalCluster hippo, ITestOutputHelper output, string tablePrefix)
    {
        var (primary, replicas) = await hippo.UntilHealthyAsync();
        var replica = Assert.Single(replicas);
        var uri = await hippo.UserUriAsync();
        var table = tablePrefix + "_" + Guid.NewGuid().ToString("N")[..8];
        var before = await hippo.PsqlAsync(replica, $"CREATE TABLE {table} (id int); INSERT INTO {table} SELECT generate_series(1, 100)", uri);
        Assert.True(before.ExitCode == 0, before.Error);
        // Replication is asynchronous: the rows must have reached the replica before the primary goes.
        await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, $"SELECT count(*) FROM {table}", "dbname=hippo")).Output.Trim() == "100",
            $"{replica} has the 100 rows", TimeSpan.FromMinutes(1));
        return new UnplannedFailover(hippo, output, primary, replica, uri, table);
    }

    /// <summary>Starts the clock the reports below measure from: call it as the fault is injected.</summary>
    public void FaultInjected() => _clock.Restart();

    /// <summary>Waits until the replica is labelled master (or primary) and out of recovery.</summary>
    public async Task UntilPromotedAsync(string fault)
    {
        await HippoOnLocalCluster.UntilAsync(async () => (await _hippo.RolesAsync()).GetValueOrDefault(Replica) is "master" or "primary",
            $"{Replica} is labelled role=master", TimeSpan.FromMinutes(2));
        _output.WriteLine($"{Replica} labelled master {_clock.Elapsed.TotalSeconds:F1} s after {fault}");
        // Patroni labels the pod as it asks PostgreSQL to promote; recovery ends a moment later.
        await HippoOnLocalCluster.UntilAsync(async () => (await _hippo.PsqlAsync(Replica, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim() == "t",
            $"{Replica} is out of recovery", TimeSpan.FromSeconds(30));

        // IVYO's on_role_change callback saw PostgreSQL writable and woke Patroni to publish its address at once.
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await _hippo.KubectlAsync("logs", Replica, "-n", HippoOnLocalCluster.Namespace, "-c", "database")).Output
                .Split('\n').Any(line => line.StartsWith("ivyo on_role_change: PostgreSQL is writable", StringComparison.Ordinal) && line.Contains("woke Patroni", StringComparison.Ordinal)),
            $"{Replica}'s on_role_change callback woke Patroni", TimeSpan.FromSeconds(30));
    }

    /// <summary>A client writes through <c>hippo-primary</c> again, and finds every row committed before the fault.</summary>
    public async Task WritesAgainAsync(string fault)
    {
        (int ExitCode, string Output, string Error) write = (-1, "", "");
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            write = await _hippo.PsqlAsync(Replica, $"INSERT INTO {_table} VALUES (101); SELECT count(*) FROM {_table}", _uri);
            return write.ExitCode == 0;
        }, "a write through hippo-primary succeeds", TimeSpan.FromMinutes(1));
        _output.WriteLine($"writes through hippo-primary again {_clock.Elapsed.TotalSeconds:F1} s after {fault}");
        Assert.Equal("101", write.Output.Trim().Split('\n')[^1]);
    }

    /// <summary>After the repair: the replica is the primary, and the old primary streams from it with every row.</summary>
    public async Task UntilRejoinedAsync()
    {
        var (newPrimary, newReplicas) = await _hippo.StableRolesAsync();
        Assert.Equal(Replica, newPrimary);
        Assert.Equal(Primary, Assert.Single(newReplicas));
        await HippoOnLocalCluster.UntilAsync(async () => (await _hippo.ReplicationAsync(newPrimary)).Contains(Primary + ":streaming:", StringComparison.Ordinal),
            $"{Primary} streams from {newPrimary}", TimeSpan.FromMinutes(3));
        await HippoOnLocalCluster.UntilAsync(async () => (await _hippo.PsqlAsync(Primary, $"SELECT count(*) FROM {_table}", "dbname=hippo")).Output.Trim() == "101",
            $"{Primary} has the 101 rows", TimeSpan.FromMinutes(1));
    }
}
