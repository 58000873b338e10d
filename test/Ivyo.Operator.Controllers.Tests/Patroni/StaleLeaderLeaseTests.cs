using k8s;
using k8s.Models;
using Ivyo.Operator.Controllers.Tests.Infrastructure;

namespace Ivyo.Operator.Controllers.Tests.Patroni;

/// <summary>
/// Patroni's leader lease (the <c>leader</c> annotation of <c>hippo-ha</c>) held by a pod whose node is fenced is
/// released at once; a lease on a node that is only NotReady, or tainted but still Ready, is left to expire. The nodes
/// and pods are written as a node agent and Patroni would write them (no kubelet runs here).
/// </summary>
public sealed class StaleLeaderLeaseTests
{
    private const string Ns = "zoo";

    [Fact]
    public async Task The_lease_of_a_pod_on_an_out_of_service_node_that_is_not_ready_is_released()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync(Ns);
        await using var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync(Ns, TestManifests.Hippo());
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        var admin = environment.Admin;
        var pods = (await admin.AppsV1.ListNamespacedStatefulSetAsync(Ns, labelSelector: "ivory-operator.ivorysql.org/instance")).Items
            .Select(set => set.Metadata.Name + "-0").Order(StringComparer.Ordinal).ToList();

        await CreateNodeAsync(admin, "node-a", ready: "True");
        await CreateNodeAsync(admin, "node-b", ready: "True");
        await FakeInstancePods.CreateRunningAsync(admin, Ns, pods[0], pods[0][..^2], "master", ready: true, node: "node-a");
        await FakeInstancePods.CreateRunningAsync(admin, Ns, pods[1], pods[1][..^2], "replica", ready: true, node: "node-b");
        await admin.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta
            {
                Name = "hippo-ha",
                Labels = new Dictionary<string, string> { ["ivory-operator.ivorysql.org/cluster"] = "hippo", ["ivory-operator.ivorysql.org/patroni"] = "hippo-ha" },
                Annotations = new Dictionary<string, string> { ["leader"] = pods[0], ["ttl"] = "30", ["transitions"] = "0" },
            },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.244.1.5" }], Ports = [new Corev1EndpointPort { Name = "postgres", Port = 5432 }] }],
        }, Ns);

        // The leader's node stops answering: NotReady alone is a partition as much as a power cut; the lease stays.
        await SetReadyAsync(admin, "node-a", "Unknown");
        await ReconcileAgainAsync(admin, ivyo, pods[0], "1");
        Assert.Equal(pods[0], await LeaderAsync(admin));

        // Tainted out of service but still Ready (its agent still reports): not fenced yet; the lease stays.
        await SetReadyAsync(admin, "node-a", "True");
        await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"node.kubernetes.io/out-of-service","value":"nodeshutdown","effect":"NoExecute"}]}}""",
            V1Patch.PatchType.MergePatch), "node-a");
        await ReconcileAgainAsync(admin, ivyo, pods[0], "2");
        Assert.Equal(pods[0], await LeaderAsync(admin));

        // Out of service and not Ready: fenced. The lease goes as Patroni's delete_leader would remove it.
        await SetReadyAsync(admin, "node-a", "Unknown");
        await Eventually.Until(async () => await LeaderAsync(admin) is null, "the leader annotation of hippo-ha is removed");
        var endpoints = await admin.CoreV1.ReadNamespacedEndpointsAsync("hippo-ha", Ns);
        Assert.True(endpoints.Subsets is null or { Count: 0 }, "hippo-ha still routes to the dead primary");
        Assert.Equal(("30", "0"), (endpoints.Metadata.Annotations["ttl"], endpoints.Metadata.Annotations["transitions"]));
        var released = Assert.Single((await admin.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=hippo,reason=LeaderLeaseReleased")).Items);
        Assert.Equal("Warning", released.Type);
        Assert.Contains($"held by {pods[0]}: its node node-a is out of service", released.Message, StringComparison.Ordinal);

        // The replica takes the lease: it is on a healthy node, and stays.
        await admin.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"leader\":\"" + pods[1] + "\"}}}", V1Patch.PatchType.MergePatch), "hippo-ha", Ns);
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        Assert.Equal(pods[1], await LeaderAsync(admin));
        Assert.Empty(ivyo.Log.Denied);
    }

    /// <summary>
    /// Brings the cluster back to the queue, as Patroni's status annotation on a pod does, and waits until the operator
    /// is done with it: a decision to leave the lease is then one it has made, not one it has yet to make.
    /// </summary>
    private static async Task ReconcileAgainAsync(Kubernetes admin, RunningOperator ivyo, string pod, string tick)
    {
        await admin.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            "{\"metadata\":{\"annotations\":{\"status\":\"{\\\"role\\\":\\\"master\\\",\\\"tick\\\":" + tick + "}\"}}}", V1Patch.PatchType.MergePatch), pod, Ns);
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
    }

    private static async Task<string?> LeaderAsync(Kubernetes admin) =>
        (await admin.CoreV1.ReadNamespacedEndpointsAsync("hippo-ha", Ns)).Metadata.Annotations?.TryGetValue("leader", out var leader) == true ? leader : null;

    private static async Task CreateNodeAsync(Kubernetes admin, string name, string ready)
    {
        await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
        await SetReadyAsync(admin, name, ready);
    }

    private static Task SetReadyAsync(Kubernetes admin, string node, string ready) => admin.CoreV1.PatchNodeStatusAsync(new V1Patch(
        $$$"""{"status":{"conditions":[{"type":"Ready","status":"{{{ready}}}","reason":"Test","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""",
        V1Patch.PatchType.StrategicMergePatch), node);
}
