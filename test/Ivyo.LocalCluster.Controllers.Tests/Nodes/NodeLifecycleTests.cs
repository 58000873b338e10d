using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Nodes;

public sealed class NodeLifecycleTests
{
    private const string Ns = "default";

    private static async Task Heartbeat(Kubernetes client, string node, DateTimeOffset now)
    {
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease");
        lease.Spec.RenewTime = now.UtcDateTime;
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, node, "kube-node-lease");
        var current = await client.CoreV1.ReadNodeAsync(node);
        current.Status ??= new V1NodeStatus();
        current.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = now.UtcDateTime, LastTransitionTime = now.UtcDateTime }];
        await client.CoreV1.ReplaceNodeStatusAsync(current, node);
    }

    private static async Task CreatePod(Kubernetes client, string name, string node, IList<V1Toleration>? tolerations = null) =>
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { NodeName = node, Tolerations = tolerations, Containers = [new V1Container { Name = "main", Image = "busybox:1" }] },
        }, Ns);

    [Fact]
    public async Task A_node_whose_lease_expires_is_tainted_unreachable_and_its_pods_are_evicted_after_their_toleration_seconds()
    {
        var clock = new OffsetTimeProvider();
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.None);
        var client = cluster.Client;
        await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } });
        await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Spec = new V1LeaseSpec { HolderIdentity = "n1", LeaseDurationSeconds = 40, RenewTime = clock.GetUtcNow().UtcDateTime },
        }, "kube-node-lease");
        await Heartbeat(client, "n1", clock.GetUtcNow());
        await CreatePod(client, "quick", "n1", [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 10 }]);
        await CreatePod(client, "patient", "n1");
        await CreatePod(client, "forever", "n1", [new V1Toleration { OperatorProperty = "Exists" }]);
        cluster.StartControllers(ManagedControllers.NodeLifecycle, o => o with { Time = clock, NodeMonitorPeriod = TimeSpan.FromMilliseconds(100) });

        // Within the grace period nothing happens.
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.Null((await client.CoreV1.ReadNodeAsync("n1")).Spec?.Taints);

        clock.Advance(TimeSpan.FromSeconds(11));
        var node = await Eventually.Get(() => client.CoreV1.ReadNodeAsync("n1"), n => n.Spec?.Taints?.Count == 2, "the node is tainted unreachable");
        Assert.Equal(["NoExecute", "NoSchedule"], node.Spec.Taints.Where(t => t.Key == "node.kubernetes.io/unreachable").Select(t => t.Effect).Order().ToArray());
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown"), (ready.Status, ready.Reason));

        clock.Advance(TimeSpan.FromSeconds(11));
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPodAsync("quick", Ns)).Metadata.DeletionTimestamp is not null, "the pod tolerating 10 s is evicted");
        Assert.Null((await client.CoreV1.ReadNamespacedPodAsync("patient", Ns)).Metadata.DeletionTimestamp);

        clock.Advance(TimeSpan.FromSeconds(300));
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPodAsync("patient", Ns)).Metadata.DeletionTimestamp is not null, "the pod with the default 300 s is evicted");
        Assert.Null((await client.CoreV1.ReadNamespacedPodAsync("forever", Ns)).Metadata.DeletionTimestamp);

        // The node agent comes back: Lease renewed and Ready posted; the taints go.
        await Heartbeat(client, "n1", clock.GetUtcNow());
        await Eventually.Until(async () => (await client.CoreV1.ReadNodeAsync("n1")).Spec?.Taints is null or { Count: 0 }, "the taints are removed");
    }

    [Fact]
    public async Task On_a_node_out_of_service_and_not_ready_terminating_pods_are_force_deleted_by_the_pod_gc()
    {
        var clock = new OffsetTimeProvider();
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.None);
        var client = cluster.Client;
        foreach (var name in new[] { "down", "up" })
        {
            await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = clock.GetUtcNow().UtcDateTime },
            }, "kube-node-lease");
            await Heartbeat(client, name, clock.GetUtcNow());
        }

        await CreatePod(client, "on-down", "down");
        await CreatePod(client, "tolerant", "down", [new V1Toleration { OperatorProperty = "Exists" }]);
        await CreatePod(client, "on-up", "up");
        cluster.StartControllers(ManagedControllers.NodeLifecycle, o => o with { Time = clock, NodeMonitorPeriod = TimeSpan.FromMilliseconds(100) });

        // "down" stops heartbeating and goes Unknown; "up" keeps reporting Ready. Both are declared out of service.
        clock.Advance(TimeSpan.FromSeconds(41));
        // (Retried: the controller may write the node in between, a conflict.)
        await Eventually.Until(async () =>
        {
            await Heartbeat(client, "up", clock.GetUtcNow());
            return true;
        }, "up reports Ready");
        await Eventually.Until(async () => (await client.CoreV1.ReadNodeAsync("down")).Status.Conditions.Single(c => c.Type == "Ready").Status == "Unknown", "down is NotReady");
        foreach (var name in new[] { "down", "up" })
        {
            await client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"node.kubernetes.io/out-of-service","value":"nodeshutdown","effect":"NoExecute"}]}}""",
                V1Patch.PatchType.StrategicMergePatch), name);
        }

        // The taint evicts the pods that do not tolerate it, gracefully; on the node that is down, the pod GC then
        // deletes them for good (no kubelet would ever finish them), at its next look.
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPodAsync("on-up", Ns)).Metadata.DeletionTimestamp is not null, "on-up is evicted");
        await Eventually.Until(async () =>
        {
            // Time passes, as for the pod GC's next look, while "up" keeps reporting.
            clock.Advance(TimeSpan.FromSeconds(5));
            await Heartbeat(client, "up", clock.GetUtcNow());
            return (await client.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "metadata.name=on-down")).Items.Count == 0;
        }, "on-down is force-deleted");
        Assert.Null((await client.CoreV1.ReadNamespacedPodAsync("tolerant", Ns)).Metadata.DeletionTimestamp);
        // On the node that still reports Ready its kubelet finishes the pod: it stays Terminating meanwhile.
        Assert.NotNull((await client.CoreV1.ReadNamespacedPodAsync("on-up", Ns)).Metadata.DeletionTimestamp);
    }
}
