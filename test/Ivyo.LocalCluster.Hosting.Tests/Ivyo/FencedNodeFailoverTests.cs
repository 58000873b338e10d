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

    /// <summary>
    /// IVYO's own leader must outlive the fault: on the primary's node it would die with it, and the release would
    /// wait for IVYO's lease to pass to its standby first (a slower scenario, in which Patroni's lease may expire
    /// first). When the operator's leader runs on the primary's node, a switchover moves hippo's primary away.
    /// </summary>
    private async Task KeepOperatorLeaderOffThePrimaryNodeAsync()
    {
        var holder = await hippo.KubectlAsync("get", "lease", "ivory-operator.ivorysql.org", "-n", Namespace, "-o", "jsonpath={.spec.holderIdentity}");
        Assert.True(holder.ExitCode == 0 && holder.Output.Contains('_', StringComparison.Ordinal), holder.Error + holder.Output);
        var operatorNode = await hippo.NodeOfAsync(holder.Output.Split('_')[0]);
        var (primary, replicas) = await hippo.UntilHealthyAsync();
        if (await hippo.NodeOfAsync(primary) != operatorNode)
        {
            return;
        }

        output.WriteLine($"IVYO's leader runs on {operatorNode} with the primary {primary}: switching over first");
        var trigger = "fenced-" + Guid.NewGuid().ToString("N")[..8];
        await hippo.PatchClusterAsync("""{"spec":{"patroni":{"switchover":{"enabled":true}}}}""");
        var annotated = await hippo.KubectlAsync("annotate", "-n", Namespace, "ivorycluster", "hippo", "--overwrite", "ivory-operator.ivorysql.org/trigger-switchover=" + trigger);
        Assert.True(annotated.ExitCode == 0, annotated.Error);
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.patroni.switchover}") == trigger,
            "status.patroni.switchover records the trigger", TimeSpan.FromMinutes(1));
        var (moved, _) = await hippo.UntilHealthyAsync();
        Assert.Equal(Assert.Single(replicas), moved);
        Assert.NotEqual(operatorNode, await hippo.NodeOfAsync(moved));
    }

    [Fact]
    public async Task A_fenced_primary_node_has_its_leader_lease_released_and_the_replica_takes_over()
    {
        await KeepOperatorLeaderOffThePrimaryNodeAsync();
        var failover = await UnplannedFailover.PrepareAsync(hippo, output, "fenced");
        var primary = failover.Primary;
        var primaryNode = await hippo.NodeOfAsync(primary);
        var fault = $"{primaryNode} stopped and was fenced";
        var nodeStopped = false;
        var tainted = false;

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            failover.FaultInjected();
            await hippo.Cluster.Faults.StopNodeAsync(primaryNode);
            nodeStopped = true;
            var taint = await hippo.KubectlAsync("taint", "node", primaryNode, OutOfService + "=nodeshutdown:NoExecute");
            Assert.True(taint.ExitCode == 0, taint.Error);
            tainted = true;

            await failover.UntilPromotedAsync(fault);
            // IVYO said what it did, on the IvoryCluster.
            var released = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=LeaderLeaseReleased",
                "-o", "jsonpath={range .items[*]}{.type}: {.message}{\"\\n\"}{end}");
            output.WriteLine(released.Output.Trim());
            if (!released.Output.Contains("Released Patroni's leader lease", StringComparison.Ordinal))
            {
                // What IVYO did instead: its leader's log and the IvoryCluster's events (for a failure that is rare).
                output.WriteLine((await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo")).Output);
                output.WriteLine((await hippo.KubectlAsync("logs", "-n", Namespace, "-l", "app.kubernetes.io/name=ivyo", "--tail=60", "--prefix")).Output);
            }

            Assert.Contains($"Warning: Released Patroni's leader lease held by {primary}: its node {primaryNode} is out of service", released.Output, StringComparison.Ordinal);
            await failover.WritesAgainAsync(fault);

            // The node is repaired: the taint goes, power comes back; the old primary rejoins with every row.
            var untaint = await hippo.KubectlAsync("taint", "node", primaryNode, OutOfService + "-");
            Assert.True(untaint.ExitCode == 0, untaint.Error);
            tainted = false;
            await hippo.Cluster.Faults.StartNodeAsync(primaryNode);
            nodeStopped = false;
            await failover.UntilRejoinedAsync();
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
            // The evicted instance may have come back next to the other one: the other tests need them apart.
            () => hippo.UntilSpreadAsync());
    }
}
