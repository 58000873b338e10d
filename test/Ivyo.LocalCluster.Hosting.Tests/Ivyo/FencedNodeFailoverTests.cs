using System.Diagnostics;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 4 ("go further where it is safe"): the primary's node loses power and is fenced the way Kubernetes
/// documents a non-graceful node shutdown, <c>kubectl taint node ... node.kubernetes.io/out-of-service=nodeshutdown:NoExecute</c>.
/// IVYO then releases Patroni's leader lease, which names the dead primary, instead of leaving the replica to wait for
/// it to expire; the replica is promoted, every committed row is there, and writes go through <c>hippo-primary</c>.
/// Power back and taint removed, the old primary rejoins as a streaming replica. How much sooner writes resume is
/// measured by the HA benchmark, not here.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class FencedNodeFailoverTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string OutOfService = "node.kubernetes.io/out-of-service";

    [Fact]
    public async Task A_fenced_primary_node_has_its_leader_lease_released_and_the_replica_takes_over()
    {
        var (primary, replicas) = await hippo.UntilHealthyAsync();
        var replica = Assert.Single(replicas);
        var primaryNode = await hippo.NodeOfAsync(primary);
        var uri = await hippo.UserUriAsync();
        var table = "fenced_" + Guid.NewGuid().ToString("N")[..8];
        var before = await hippo.PsqlAsync(replica, $"CREATE TABLE {table} (id int); INSERT INTO {table} SELECT generate_series(1, 100)", uri);
        Assert.True(before.ExitCode == 0, before.Error);
        await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, $"SELECT count(*) FROM {table}", "dbname=hippo")).Output.Trim() == "100",
            $"{replica} has the 100 rows", TimeSpan.FromMinutes(1));
        var nodeStopped = false;
        var tainted = false;

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            await hippo.Cluster.Faults.StopNodeAsync(primaryNode);
            nodeStopped = true;
            var taint = await hippo.KubectlAsync("taint", "node", primaryNode, OutOfService + "=nodeshutdown:NoExecute");
            Assert.True(taint.ExitCode == 0, taint.Error);
            tainted = true;

            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.RolesAsync()).GetValueOrDefault(replica) is "master" or "primary",
                $"{replica} is labelled role=master", TimeSpan.FromMinutes(2));
            output.WriteLine($"{replica} labelled master {clock.Elapsed.TotalSeconds:F1} s after {primaryNode} stopped and was fenced");

            // IVYO said what it did, on the IvoryCluster.
            var released = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=LeaderLeaseReleased",
                "-o", "jsonpath={range .items[*]}{.type}: {.message}{\"\\n\"}{end}");
            output.WriteLine(released.Output.Trim());
            Assert.Contains($"Warning: Released Patroni's leader lease held by {primary}: its node {primaryNode} is out of service", released.Output, StringComparison.Ordinal);

            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(replica, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim() == "t",
                $"{replica} is out of recovery", TimeSpan.FromSeconds(30));
            (int ExitCode, string Output, string Error) write = (-1, "", "");
            await HippoOnLocalCluster.UntilAsync(async () =>
            {
                write = await hippo.PsqlAsync(replica, $"INSERT INTO {table} VALUES (101); SELECT count(*) FROM {table}", uri);
                return write.ExitCode == 0;
            }, "a write through hippo-primary succeeds", TimeSpan.FromMinutes(1));
            output.WriteLine($"writes through hippo-primary again {clock.Elapsed.TotalSeconds:F1} s after {primaryNode} stopped");
            Assert.Equal("101", write.Output.Trim().Split('\n')[^1]);

            // The node is repaired: the taint goes, power comes back; the old primary rejoins with every row.
            var untaint = await hippo.KubectlAsync("taint", "node", primaryNode, OutOfService + "-");
            Assert.True(untaint.ExitCode == 0, untaint.Error);
            tainted = false;
            await hippo.Cluster.Faults.StartNodeAsync(primaryNode);
            nodeStopped = false;
            var (newPrimary, newReplicas) = await hippo.StableRolesAsync();
            Assert.Equal(replica, newPrimary);
            Assert.Equal(primary, Assert.Single(newReplicas));
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.ReplicationAsync(newPrimary)).Contains(primary + ":streaming:", StringComparison.Ordinal),
                $"{primary} streams from {newPrimary}", TimeSpan.FromMinutes(3));
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(primary, $"SELECT count(*) FROM {table}", "dbname=hippo")).Output.Trim() == "101",
                $"{primary} has the 101 rows", TimeSpan.FromMinutes(1));
        },
            async () =>
            {
                if (tainted)
                {
                    await hippo.KubectlAsync("taint", "node", primaryNode, OutOfService + "-");
                }
            },
            async () =>
            {
                if (nodeStopped)
                {
                    await hippo.Cluster.Faults.StartNodeAsync(primaryNode);
                }
            },
            () => hippo.UntilHealthyAsync());
    }
}
