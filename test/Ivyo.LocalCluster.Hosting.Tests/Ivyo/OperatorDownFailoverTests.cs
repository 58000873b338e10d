using System.Diagnostics;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 2.4: failover does not need IVYO. With the <c>ivyo</c> Deployment scaled to 0, the primary's node
/// loses power; Patroni on the other instance takes the leader lease when it expires and promotes it, its pod is
/// labelled <c>role=master</c>, and a client writes again through <c>hippo-primary</c> (whose Endpoints point at the
/// <c>hippo-ha</c> Service, which Patroni's leader election routes). An owned object deleted meanwhile stays deleted
/// until IVYO returns and puts it back; the old primary, its node started again, rejoins as a streaming replica.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class OperatorDownFailoverTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string OperatorPods = "app.kubernetes.io/name=ivyo";

    [Fact]
    public async Task With_the_operator_down_stopping_the_primarys_node_fails_over_and_IVYO_heals_what_is_missing_when_it_returns()
    {
        var failover = await UnplannedFailover.PrepareAsync(hippo, output, "failover");
        var (primary, replica) = (failover.Primary, failover.Replica);
        var primaryNode = await hippo.NodeOfAsync(primary);
        Assert.NotEqual(primaryNode, await hippo.NodeOfAsync(replica));
        var fault = $"{primaryNode} stopped";

        var scale = await hippo.KubectlAsync("get", "deployment", "ivyo", "-n", Namespace, "-o", "jsonpath={.spec.replicas}");
        Assert.True(scale.ExitCode == 0 && int.TryParse(scale.Output, out _), scale.Error);
        var operatorReplicas = scale.Output;
        var replicasService = await ServiceUidAsync("hippo-replicas");
        Assert.NotNull(replicasService);
        var nodeStopped = false;

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            // The operator down: no ivyo pod runs (they end gracefully, within their grace period).
            await ScaleOperatorAsync("0");
            await HippoOnLocalCluster.UntilAsync(async () => (await OperatorPodsAsync()).Length == 0,
                "no ivyo pod is left", TimeSpan.FromMinutes(2));

            // The primary's node loses power: its processes die at once, the leader lease is no longer renewed.
            // Patroni alone promotes the other instance (after the lease, 30 s by default, expires), and a client
            // writes through hippo-primary, whose Endpoints follow Patroni's leader.
            failover.FaultInjected();
            await hippo.Cluster.Faults.StopNodeAsync(primaryNode);
            nodeStopped = true;
            await failover.UntilPromotedAsync(fault);
            await failover.WritesAgainAsync(fault);

            // An owned object deleted while the operator is down stays deleted: nobody recreates it.
            var deleted = await hippo.KubectlAsync("delete", "service", "hippo-replicas", "-n", Namespace);
            Assert.True(deleted.ExitCode == 0, deleted.Error);
            // IVYO up puts a deleted Service back within a second or two; these 10 s are a fixed wait on purpose: they
            // assert that nothing does while it is down.
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.Null(await ServiceUidAsync("hippo-replicas"));

            // IVYO back, with one pod, on a node that runs (the stopped one is NotReady first, so that nothing is
            // scheduled there), while the old primary's node is still down: it recreates the Service.
            await HippoOnLocalCluster.UntilAsync(async () =>
                (await hippo.KubectlAsync("get", "node", primaryNode, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Output is { Length: > 0 } ready && ready != "True",
                $"{primaryNode} is NotReady", TimeSpan.FromMinutes(2));
            await ScaleOperatorAsync("1");
            await HippoOnLocalCluster.UntilAsync(async () => await ServiceUidAsync("hippo-replicas", orNullOnError: true) is { } uid && uid != replicasService,
                "IVYO recreated the Service hippo-replicas", TimeSpan.FromMinutes(2));

            // Power back: the old primary rejoins as a streaming replica of the new one, with every row.
            await hippo.Cluster.Faults.StartNodeAsync(primaryNode);
            nodeStopped = false;
            await failover.UntilRejoinedAsync();

            // The recreated hippo-replicas routes to it.
            var primaryIp = (await hippo.KubectlAsync("get", "pod", primary, "-n", Namespace, "-o", "jsonpath={.status.podIP}")).Output;
            await HippoOnLocalCluster.UntilAsync(async () =>
                (await hippo.KubectlAsync("get", "endpoints", "hippo-replicas", "-n", Namespace, "-o", "jsonpath={.subsets[*].addresses[*].ip}")).Output.Trim() == primaryIp,
                $"hippo-replicas routes to {primary} ({primaryIp})", TimeSpan.FromMinutes(1));
        },
            async () =>
            {
                if (nodeStopped)
                {
                    await hippo.Cluster.Faults.StartNodeAsync(primaryNode);
                }
            },
            () => ScaleOperatorAsync(operatorReplicas),
            async () =>
            {
                var rollout = await Kubectl.RunAsync(hippo.Cluster.KubeconfigPath, ["rollout", "status", "deployment/ivyo", "-n", Namespace, "--timeout=170s"],
                    timeout: TimeSpan.FromMinutes(3));
                Assert.True(rollout.ExitCode == 0, rollout.Output + rollout.Error);
            },
            () => hippo.UntilHealthyAsync());
    }

    private async Task ScaleOperatorAsync(string replicas)
    {
        var scaled = await hippo.KubectlAsync("scale", "deployment", "ivyo", "-n", Namespace, "--replicas=" + replicas);
        Assert.True(scaled.ExitCode == 0, scaled.Error);
    }

    /// <summary>The operator's pods, terminating or not.</summary>
    private async Task<string> OperatorPodsAsync() =>
        (await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-l", OperatorPods, "-o", "name")).Output.Trim();

    /// <summary>The Service's UID; null when it does not exist (or, polling, when kubectl failed: that is logged).</summary>
    private async Task<string?> ServiceUidAsync(string name, bool orNullOnError = false)
    {
        var read = await hippo.KubectlAsync("get", "service", name, "-n", Namespace, "--ignore-not-found", "-o", "jsonpath={.metadata.uid}");
        if (read.ExitCode != 0 && orNullOnError)
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} kubectl get service {name}: {read.Error.Trim()}");
            return null;
        }

        Assert.True(read.ExitCode == 0, read.Error);
        return read.Output.Trim() is { Length: > 0 } uid ? uid : null;
    }
}
