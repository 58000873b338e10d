using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

public sealed class ReplicaSetTests
{
    private const string Ns = "default";

    private static V1ReplicaSet ReplicaSet(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = Pods.Labels(name) },
            Template = Pods.Template(new Dictionary<string, string> { ["app"] = name, ["tier"] = "web" }),
        },
    };

    private static async Task<List<V1Pod>> LivePods(Kubernetes client, string app) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=" + app)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    private static Task<V1ReplicaSet> Read(Kubernetes client, string name) => client.AppsV1.ReadNamespacedReplicaSetAsync(name, Ns);

    [Fact]
    public async Task Creates_pods_with_generated_names_and_a_controller_reference_and_reports_status()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.ReplicaSets);
        var client = cluster.Client;
        var rs = await client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("web", 3), Ns);

        var created = await Read(client, "web");
        var status = await Eventually.Get(() => Read(client, "web"), r => r.Status?.Replicas == 3, "three replicas");
        Assert.Equal(3, status.Status.FullyLabeledReplicas ?? 0);
        Assert.Equal(0, status.Status.ReadyReplicas ?? 0);
        Assert.Equal(created.Metadata.Generation, status.Status.ObservedGeneration);

        var pods = await LivePods(client, "web");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Matches("^web-[a-z0-9]{5}$", p.Metadata.Name);
            Assert.Equal("web-", p.Metadata.GenerateName);
            Assert.Equal("web", p.Metadata.Labels["tier"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", rs.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        });

        // The pods stay three: no surplus is created while the cache catches up.
        foreach (var pod in pods)
        {
            await Pods.SetStatusAsync(client, Ns, pod.Metadata.Name, ready: true);
        }

        var ready = await Eventually.Get(() => Read(client, "web"), r => r.Status?.AvailableReplicas == 3, "three available replicas");
        Assert.Equal(3, ready.Status.ReadyReplicas);
        Assert.Equal(3, (await LivePods(client, "web")).Count);
    }

    [Fact]
    public async Task Scales_up_and_down_through_the_scale_subresource_deleting_not_ready_pods_first()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.ReplicaSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("sc", 2), Ns);
        var first = await Eventually.Get(() => LivePods(client, "sc"), p => p.Count == 2, "two pods");
        foreach (var pod in first)
        {
            await Pods.SetStatusAsync(client, Ns, pod.Metadata.Name, ready: true);
        }

        await Eventually.Until(async () => (await Read(client, "sc")).Status?.ReadyReplicas == 2, "two ready replicas");
        await client.AppsV1.PatchNamespacedReplicaSetScaleAsync(new V1Patch("""{"spec":{"replicas":4}}""", V1Patch.PatchType.MergePatch), "sc", Ns);
        var four = await Eventually.Get(() => LivePods(client, "sc"), p => p.Count == 4, "four pods");
        var readyNames = first.Select(p => p.Metadata.Name).ToHashSet();

        // Of four pods, two running and ready and two pending, scaling to two removes the pending ones.
        await client.AppsV1.PatchNamespacedReplicaSetScaleAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "sc", Ns);
        var left = await Eventually.Get(() => LivePods(client, "sc"), p => p.Count == 2, "two pods left");
        Assert.Equal(readyNames, left.Select(p => p.Metadata.Name).ToHashSet());
        await Eventually.Until(async () => (await Read(client, "sc")).Status?.Replicas == 2, "the status reports two replicas");
        Assert.Equal(4, four.Count);
    }

    [Fact]
    public async Task Adopts_a_matching_orphan_and_releases_a_pod_whose_labels_no_longer_match()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.ReplicaSets);
        var client = cluster.Client;
        var orphan = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "stray", Labels = Pods.Labels("adopt") },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1" }] },
        };
        await client.CoreV1.CreateNamespacedPodAsync(orphan, Ns);
        var rs = await client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("adopt", 2), Ns);

        var adopted = await Eventually.Get(() => client.CoreV1.ReadNamespacedPodAsync("stray", Ns),
            p => p.Metadata.OwnerReferences?.Any(o => o.Uid == rs.Metadata.Uid) == true, "the orphan is adopted");
        var reference = Assert.Single(adopted.Metadata.OwnerReferences);
        Assert.True(reference.Controller);
        Assert.True(reference.BlockOwnerDeletion);
        await Eventually.Until(async () => (await Read(client, "adopt")).Status?.Replicas == 2, "two replicas");
        Assert.Equal(2, (await LivePods(client, "adopt")).Count);

        // Relabelled out of the selector, the pod is released and replaced.
        await client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"app":"elsewhere"}}}""", V1Patch.PatchType.MergePatch), "stray", Ns);
        await Eventually.Until(async () =>
            (await client.CoreV1.ReadNamespacedPodAsync("stray", Ns)).Metadata.OwnerReferences is null or { Count: 0 }, "the pod is released");
        var pods = await Eventually.Get(() => LivePods(client, "adopt"), p => p.Count == 2, "a replacement pod");
        Assert.DoesNotContain(pods, p => p.Metadata.Name == "stray");
    }

    [Fact]
    public async Task A_failed_pod_is_replaced_and_deleting_the_replica_set_removes_its_pods()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.ReplicaSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("gone", 2), Ns);
        var pods = await Eventually.Get(() => LivePods(client, "gone"), p => p.Count == 2, "two pods");
        await Pods.SetStatusAsync(client, Ns, pods[0].Metadata.Name, ready: false, phase: "Failed");
        await Eventually.Until(async () => (await LivePods(client, "gone")).Count(p => p.Status?.Phase != "Failed") == 2, "a replacement for the failed pod");

        await client.AppsV1.DeleteNamespacedReplicaSetAsync("gone", Ns);
        await Eventually.Until(async () => (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=gone")).Items.Count == 0,
            "the garbage collector removes every pod");
    }
}
