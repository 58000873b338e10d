using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Disruption;

public sealed class DisruptionBudgetTests
{
    private const string Ns = "default";

    private static async Task CreateReadyPod(Kubernetes client, string name, V1OwnerReference? owner = null, string? node = null)
    {
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Pods.Labels("db"), OwnerReferences = owner is null ? null : [owner] },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "busybox:1" }] },
        }, Ns);
        await Pods.SetStatusAsync(client, Ns, name, ready: true);
    }

    private static V1PodDisruptionBudget Budget(IntOrString? minAvailable = null, IntOrString? maxUnavailable = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "db" },
        Spec = new V1PodDisruptionBudgetSpec { Selector = new V1LabelSelector { MatchLabels = Pods.Labels("db") }, MinAvailable = minAvailable, MaxUnavailable = maxUnavailable },
    };

    private static Task<V1PodDisruptionBudget> Status(Kubernetes client, Func<V1PodDisruptionBudgetStatus, bool> condition, string what) =>
        Eventually.Get(() => client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("db", Ns), b => b.Status is { } s && condition(s), what);

    [Fact]
    public async Task An_integer_minAvailable_allows_the_disruptions_above_it_and_follows_readiness()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Disruption);
        var client = cluster.Client;
        foreach (var name in new[] { "a", "b", "c" })
        {
            await CreateReadyPod(client, name);
        }

        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(minAvailable: 2), Ns);
        var pdb = await Status(client, s => s.CurrentHealthy == 3, "three healthy pods");
        Assert.Equal((3, 2, 3, 1), (pdb.Status.ExpectedPods, pdb.Status.DesiredHealthy, pdb.Status.CurrentHealthy, pdb.Status.DisruptionsAllowed));
        Assert.Equal(pdb.Metadata.Generation, pdb.Status.ObservedGeneration);
        var condition = Assert.Single(pdb.Status.Conditions);
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));

        await Pods.SetStatusAsync(client, Ns, "c", ready: false);
        pdb = await Status(client, s => s.CurrentHealthy == 2, "two healthy pods");
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        condition = Assert.Single(pdb.Status.Conditions);
        Assert.Equal(("False", "InsufficientPods"), (condition.Status, condition.Reason));
    }

    [Fact]
    public async Task A_percentage_maxUnavailable_is_taken_from_the_controller_scale_rounded_up()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Disruption);
        var client = cluster.Client;
        var set = await client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec { Replicas = 3, Selector = new V1LabelSelector { MatchLabels = Pods.Labels("db") }, Template = Pods.Template(Pods.Labels("db")) },
        }, Ns);
        var owner = new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db", Uid = set.Metadata.Uid, Controller = true };
        await CreateReadyPod(client, "db-0", owner);
        await CreateReadyPod(client, "db-1", owner);

        // Scale 3, 50% unavailable rounds up to 2: one must stay healthy, and two are.
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(maxUnavailable: "50%"), Ns);
        var pdb = await Status(client, s => s.ExpectedPods == 3, "the scale is the set's replicas");
        Assert.Equal((1, 2, 1), (pdb.Status.DesiredHealthy, pdb.Status.CurrentHealthy, pdb.Status.DisruptionsAllowed));

        // Scaling the set to 5 makes ceil(2.5) = 3 unavailable allowed: desiredHealthy 2, nothing more may go.
        await client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "db", Ns);
        pdb = await Status(client, s => s.ExpectedPods == 5, "the new scale");
        Assert.Equal((2, 2, 0), (pdb.Status.DesiredHealthy, pdb.Status.CurrentHealthy, pdb.Status.DisruptionsAllowed));
    }

    [Fact]
    public async Task An_eviction_spends_the_budget_and_the_next_one_is_refused_until_pods_recover()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.Disruption);
        var client = cluster.Client;
        foreach (var name in new[] { "a", "b", "c" })
        {
            await CreateReadyPod(client, name, node: "node-a");
        }

        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(minAvailable: 2), Ns);
        await Status(client, s => s.DisruptionsAllowed == 1, "one disruption allowed");

        await client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = Ns } }, "a", Ns);

        // a is terminating now: it no longer counts, and its disruptedPods entry is pruned.
        var pdb = await Status(client, s => s.CurrentHealthy == 2 && s.DisruptedPods is null or { Count: 0 }, "the evicted pod no longer counts");
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = Ns } }, "b", Ns));
        Assert.Equal(429, (int)refused.Response.StatusCode);
    }
}
