using System.Text.Json;
using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.Instances;

/// <summary>
/// <c>status.currentPrimary</c> when labels disagree with Patroni: a primary whose node stopped, or that a partition
/// cut off, keeps its <c>role=master</c> label while the new leader labels itself too. Patroni's leader lock (the
/// <c>leader</c> annotation of <c>hippo-ha</c>) names the real one.
/// </summary>
public sealed class CurrentPrimaryTests
{
    [Fact]
    public async Task With_two_pods_labelled_master_the_primary_is_the_one_the_leader_lock_names()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        await using var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync("zoo", TestManifests.Hippo());
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        var admin = environment.Admin;
        var pods = (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: "ivory-operator.ivorysql.org/instance")).Items
            .Select(set => set.Metadata.Name + "-0").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, pods.Count);

        await admin.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta
            {
                Name = "hippo-ha",
                Labels = new Dictionary<string, string> { ["ivory-operator.ivorysql.org/cluster"] = "hippo", ["ivory-operator.ivorysql.org/patroni"] = "hippo-ha" },
                Annotations = new Dictionary<string, string> { ["leader"] = pods[1] },
            },
        }, "zoo");
        foreach (var pod in pods)
        {
            await FakeInstancePods.CreateRunningAsync(admin, "zoo", pod, pod[..^2], "master", ready: true);
        }

        await Eventually.Until(async () => await CurrentPrimaryAsync(environment) == pods[1], $"status.currentPrimary is {pods[1]}, the lock holder");

        // The lock moves (a failover); the new holder's Patroni updates its pod, which the operator watches.
        await admin.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"leader\":\"" + pods[0] + "\"}}}", V1Patch.PatchType.MergePatch), "hippo-ha", "zoo");
        await admin.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"annotations":{"status":"{\"role\":\"master\",\"state\":\"running\"}"}}}""", V1Patch.PatchType.MergePatch), pods[0], "zoo");

        await Eventually.Until(async () => await CurrentPrimaryAsync(environment) == pods[0], $"status.currentPrimary is {pods[0]}, the new lock holder");
        Assert.Empty(ivyo.Log.Denied);
    }

    private static async Task<string?> CurrentPrimaryAsync(OperatorEnvironment environment)
    {
        var cluster = (JsonElement)await environment.Admin.CustomObjects.GetNamespacedCustomObjectAsync(
            OperatorEnvironment.Clusters.Group, OperatorEnvironment.Clusters.Version, "zoo", OperatorEnvironment.Clusters.Plural, "hippo");
        return cluster.TryGetProperty("status", out var status) && status.TryGetProperty("currentPrimary", out var primary) ? primary.GetString() : null;
    }
}
