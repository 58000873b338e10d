using k8s;
using k8s.Models;
using Ivyo.Operator.Controllers.Tests.Infrastructure;

namespace Ivyo.Operator.Controllers.Tests.Patroni;

/// <summary>
/// Patroni's leader lease (the <c>leader</c> annotation of <c>hippo-ha</c>) held by a pod whose node is declared out
/// of service is released once it misses a renewal; a lease on a node that is only NotReady, or one that its holder
/// keeps renewing, is left alone. The nodes, pods and lease are written as a node agent and Patroni would write them
/// (no kubelet runs here).
/// </summary>
public sealed class StaleLeaderLeaseTests
{
    private const string Ns = "zoo";

    [Fact]
    public async Task The_lease_of_a_pod_on_an_out_of_service_node_is_released_once_it_is_no_longer_renewed()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync(Ns);
        await using var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync(Ns, TestManifests.Hippo());
        // Patroni's loop_wait, 4 s: a lease is missed after 6 s without a renewal (renewals below come every second,
        // with room for a slow machine).
        await environment.AdminResources.MergePatchAsync(OperatorEnvironment.Clusters, Ns, "hippo",
            System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"patroni":{"syncPeriodSeconds":4}}}""")!.AsObject(), CancellationToken.None);
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

        // Declared out of service while its Patroni still renews the lease (every second here): the lease
        // stays, however long that goes on. (Patroni renews all along; the first renewal is seen before the taint,
        // or the lease would rightly count as missed since its creation.)
        await RenewAsync(admin, 9);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"node.kubernetes.io/out-of-service","value":"nodeshutdown","effect":"NoExecute"}]}}""",
            V1Patch.PatchType.MergePatch), "node-a");
        for (var renewal = 0; renewal < 8; renewal++)
        {
            await RenewAsync(admin, renewal);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(pods[0], await LeaderAsync(admin));
        }

        // The renewals stop: after loop_wait and 2 s more, the lease goes as Patroni's delete_leader would remove it.
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Until(async () => await LeaderAsync(admin) is null, "the leader annotation of hippo-ha is removed", TimeSpan.FromSeconds(30));
        Assert.True(stopped.Elapsed >= TimeSpan.FromSeconds(5), $"released {stopped.Elapsed.TotalSeconds:F1} s after the last renewal, before it was missed");
        var endpoints = await admin.CoreV1.ReadNamespacedEndpointsAsync("hippo-ha", Ns);
        Assert.True(endpoints.Subsets is null or { Count: 0 }, "hippo-ha still routes to the dead primary");
        Assert.Equal(("30", "0"), (endpoints.Metadata.Annotations["ttl"], endpoints.Metadata.Annotations["transitions"]));
        var released = Assert.Single((await admin.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=hippo,reason=LeaderLeaseReleased")).Items);
        Assert.Equal("Warning", released.Type);
        Assert.Contains($"held by {pods[0]}: its node node-a is out of service (node.kubernetes.io/out-of-service) and the lease was not renewed for", released.Message, StringComparison.Ordinal);

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

    /// <summary>Patroni's renewal of its lease: a new <c>renewTime</c>.</summary>
    private static Task RenewAsync(Kubernetes admin, int second) => admin.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(
        "{\"metadata\":{\"annotations\":{\"renewTime\":\"2026-01-01T00:00:0" + second + "Z\"}}}", V1Patch.PatchType.MergePatch), "hippo-ha", Ns);

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
