using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

public sealed class StatefulSetTests
{
    private const string Ns = "default";

    private static V1StatefulSet Set(string name, int replicas, string policy = "OrderedReady", V1StatefulSetUpdateStrategy? strategy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = Pods.Labels(name) },
            Template = Pods.Template(Pods.Labels(name)),
            UpdateStrategy = strategy,
        },
    };

    private static async Task<IList<V1Pod>> ListPods(Kubernetes client, string app) =>
        (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=" + app)).Items;

    private static async Task MakeAllReady(Kubernetes client, string app)
    {
        foreach (var pod in await ListPods(client, app))
        {
            if (pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase != "Running")
            {
                await Pods.SetStatusAsync(client, Ns, pod.Metadata.Name, ready: true);
            }
        }
    }

    [Fact]
    public async Task OrderedReady_creates_the_next_pod_only_after_the_previous_one_is_running_and_ready()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("web", 3), Ns);

        // The status reports one replica once the controller has synced with web-0 in its cache; web-1 must not exist then.
        await Eventually.Until(async () => (await client.AppsV1.ReadNamespacedStatefulSetAsync("web", Ns)).Status?.Replicas == 1, "the set reports web-0");
        Assert.Null(await Pods.TryGetAsync(client, Ns, "web-1"));
        var web0 = await client.CoreV1.ReadNamespacedPodAsync("web-0", Ns);
        Assert.Equal("web-0", web0.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
        Assert.Equal("0", web0.Metadata.Labels["apps.kubernetes.io/pod-index"]);
        Assert.StartsWith("web-", web0.Metadata.Labels["controller-revision-hash"], StringComparison.Ordinal);
        Assert.Equal("web-0", web0.Spec.Hostname);
        Assert.Equal("web", web0.Spec.Subdomain);
        var owner = Assert.Single(web0.Metadata.OwnerReferences);
        Assert.Equal(("StatefulSet", "web", true, true), (owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));

        // Running but not Ready is not enough.
        await Pods.SetStatusAsync(client, Ns, "web-0", ready: false);
        await Eventually.Until(async () => (await client.AppsV1.ReadNamespacedStatefulSetAsync("web", Ns)).Status?.ReadyReplicas == 0
            && (await client.CoreV1.ReadNamespacedPodAsync("web-0", Ns)).Status.Phase == "Running", "web-0 is running");
        await Task.Yield();
        Assert.Null(await Pods.TryGetAsync(client, Ns, "web-1"));

        await Pods.SetStatusAsync(client, Ns, "web-0", ready: true);
        await Eventually.Until(async () => await Pods.TryGetAsync(client, Ns, "web-1") is not null, "web-1 is created");
        await Eventually.Until(async () => (await client.AppsV1.ReadNamespacedStatefulSetAsync("web", Ns)).Status?.Replicas == 2, "the set reports web-1");
        Assert.Null(await Pods.TryGetAsync(client, Ns, "web-2"));

        await Pods.SetStatusAsync(client, Ns, "web-1", ready: true);
        await Eventually.Until(async () => await Pods.TryGetAsync(client, Ns, "web-2") is not null, "web-2 is created");
        await Pods.SetStatusAsync(client, Ns, "web-2", ready: true);
        var set = await Eventually.Get(() => client.AppsV1.ReadNamespacedStatefulSetAsync("web", Ns), s => s.Status?.ReadyReplicas == 3, "three ready replicas");
        Assert.Equal(3, set.Status.Replicas);
        Assert.Equal(3, set.Status.AvailableReplicas);
        Assert.Equal(3, set.Status.CurrentReplicas);
        Assert.Equal(3, set.Status.UpdatedReplicas);
        Assert.Equal(set.Metadata.Generation, set.Status.ObservedGeneration);
        Assert.Equal(set.Status.CurrentRevision, set.Status.UpdateRevision);
        Assert.Equal(0, set.Status.CollisionCount);

        var revision = await client.AppsV1.ReadNamespacedControllerRevisionAsync(set.Status.UpdateRevision, Ns);
        Assert.Equal(1, revision.Revision);
        Assert.Equal(set.Metadata.Uid, Assert.Single(revision.Metadata.OwnerReferences).Uid);
        Assert.All(await ListPods(client, "web"), p => Assert.Equal(set.Status.UpdateRevision, p.Metadata.Labels["controller-revision-hash"]));
    }

    [Fact]
    public async Task OrderedReady_scale_down_removes_the_highest_ordinal_first()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("db", 3), Ns);
        await Eventually.Until(async () =>
        {
            await MakeAllReady(client, "db");
            return (await client.AppsV1.ReadNamespacedStatefulSetAsync("db", Ns)).Status?.ReadyReplicas == 3;
        }, "three ready replicas");

        await client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "db", Ns);
        await Eventually.Until(async () =>
        {
            var names = (await ListPods(client, "db")).Select(p => p.Metadata.Name).ToList();
            Assert.False(names.Contains("db-2") && !names.Contains("db-1"), "db-1 went before db-2");
            Assert.Contains("db-0", names);
            return names.Count == 1;
        }, "only db-0 is left");
    }

    [Fact]
    public async Task Parallel_creates_every_pod_at_once()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("par", 3, "Parallel"), Ns);
        await Eventually.Until(async () => (await ListPods(client, "par")).Count == 3, "three pods exist without any being ready");
        Assert.All(await ListPods(client, "par"), p => Assert.NotEqual("Running", p.Status?.Phase));
    }

    [Fact]
    public async Task Claims_from_templates_are_created_before_the_pod_and_survive_deletion_of_the_set()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        var set = Set("pg", 2, "Parallel");
        set.Spec.VolumeClaimTemplates =
        [
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "data" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            },
        ];
        await client.AppsV1.CreateNamespacedStatefulSetAsync(set, Ns);
        await Eventually.Until(async () => (await ListPods(client, "pg")).Count == 2, "two pods");

        var claims = (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Ns)).Items;
        Assert.Equal(["data-pg-0", "data-pg-1"], claims.Select(c => c.Metadata.Name).Order().ToArray());
        Assert.All(claims, c => Assert.Equal("pg", c.Metadata.Labels["app"]));
        Assert.All(claims, c => Assert.True(c.Metadata.OwnerReferences is null or { Count: 0 }));
        var pod = await client.CoreV1.ReadNamespacedPodAsync("pg-1", Ns);
        var volume = Assert.Single(pod.Spec.Volumes, v => v.Name == "data");
        Assert.Equal("data-pg-1", volume.PersistentVolumeClaim.ClaimName);
        foreach (var claim in claims)
        {
            Assert.True(claim.Metadata.CreationTimestamp <= (await client.CoreV1.ReadNamespacedPodAsync(claim.Metadata.Name[5..], Ns)).Metadata.CreationTimestamp);
        }

        await client.AppsV1.DeleteNamespacedStatefulSetAsync("pg", Ns);
        await Eventually.Until(async () => (await ListPods(client, "pg")).Count == 0, "the garbage collector removes the pods");
        Assert.Equal(2, (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Ns)).Items.Count(c => c.Metadata.DeletionTimestamp is null));
    }

    [Fact]
    public async Task OnDelete_never_replaces_pods_but_recreates_a_deleted_pod_at_the_update_revision()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("od", 2, "Parallel", new V1StatefulSetUpdateStrategy { Type = "OnDelete" }), Ns);
        var first = await Eventually.Get(() => client.AppsV1.ReadNamespacedStatefulSetAsync("od", Ns), s => s.Status?.Replicas == 2, "two replicas");
        var oldRevision = first.Status.UpdateRevision;

        await client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"template":{"metadata":{"annotations":{"version":"2"}}}}}""", V1Patch.PatchType.MergePatch), "od", Ns);
        var updated = await Eventually.Get(() => client.AppsV1.ReadNamespacedStatefulSetAsync("od", Ns),
            s => s.Status?.ObservedGeneration == s.Metadata.Generation && s.Status?.UpdateRevision != oldRevision, "a new update revision");
        Assert.Equal(oldRevision, updated.Status.CurrentRevision);
        Assert.Equal(0, updated.Status.UpdatedReplicas);
        Assert.Equal(2, updated.Status.CurrentReplicas);
        Assert.All(await ListPods(client, "od"), p => Assert.Equal(oldRevision, p.Metadata.Labels["controller-revision-hash"]));

        var oldUid = (await client.CoreV1.ReadNamespacedPodAsync("od-1", Ns)).Metadata.Uid;
        await client.CoreV1.DeleteNamespacedPodAsync("od-1", Ns);
        var recreated = await Eventually.Get(async () => await Pods.TryGetAsync(client, Ns, "od-1"), p => p is not null && p.Metadata.Uid != oldUid, "od-1 is recreated");
        Assert.Equal(updated.Status.UpdateRevision, recreated!.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal("2", recreated.Metadata.Annotations["version"]);
        Assert.Equal(oldRevision, (await client.CoreV1.ReadNamespacedPodAsync("od-0", Ns)).Metadata.Labels["controller-revision-hash"]);
        Assert.Equal(2, (await client.AppsV1.ListNamespacedControllerRevisionAsync(Ns)).Items.Count);
    }

    [Fact]
    public async Task RollingUpdate_replaces_pods_from_the_highest_ordinal_down_to_the_partition()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("ru", 3), Ns);
        var initial = await Eventually.Get(async () =>
        {
            await MakeAllReady(client, "ru");
            return await client.AppsV1.ReadNamespacedStatefulSetAsync("ru", Ns);
        }, s => s.Status?.ReadyReplicas == 3, "three ready replicas");
        var oldRevision = initial.Status.CurrentRevision;

        await client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch(
            """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}},"template":{"metadata":{"annotations":{"version":"2"}}}}}""",
            V1Patch.PatchType.MergePatch), "ru", Ns);

        string? newRevision = null;
        await Eventually.Until(async () =>
        {
            var set = await client.AppsV1.ReadNamespacedStatefulSetAsync("ru", Ns);
            newRevision = set.Status?.UpdateRevision == oldRevision ? null : set.Status?.UpdateRevision;
            var pods = (await ListPods(client, "ru")).ToDictionary(p => p.Metadata.Name, p => p.Metadata.Labels["controller-revision-hash"]);
            if (newRevision is not null && pods.GetValueOrDefault("ru-1") == newRevision)
            {
                Assert.Equal(newRevision, pods.GetValueOrDefault("ru-2"));
            }

            Assert.Equal(oldRevision, pods.GetValueOrDefault("ru-0", oldRevision));
            await MakeAllReady(client, "ru");
            return newRevision is not null && pods.GetValueOrDefault("ru-1") == newRevision && set.Status!.UpdatedReplicas == 2 && set.Status.ReadyReplicas == 3;
        }, "ru-2 then ru-1 are updated");

        var done = await client.AppsV1.ReadNamespacedStatefulSetAsync("ru", Ns);
        Assert.Equal(oldRevision, done.Status.CurrentRevision);
        Assert.Equal(oldRevision, (await client.CoreV1.ReadNamespacedPodAsync("ru-0", Ns)).Metadata.Labels["controller-revision-hash"]);

        // Lowering the partition to 0 finishes the rollout, and the update revision becomes current.
        await client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}""", V1Patch.PatchType.MergePatch), "ru", Ns);
        await Eventually.Until(async () =>
        {
            await MakeAllReady(client, "ru");
            var set = await client.AppsV1.ReadNamespacedStatefulSetAsync("ru", Ns);
            return set.Status.CurrentRevision == newRevision && set.Status.CurrentReplicas == 3 && set.Status.ReadyReplicas == 3;
        }, "the update revision becomes current");
    }

    [Fact]
    public async Task A_failed_pod_is_deleted_and_recreated()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(Set("f", 1), Ns);
        var pod = await Eventually.Get(() => Pods.TryGetAsync(client, Ns, "f-0"), p => p is not null, "f-0 exists");
        await Pods.SetStatusAsync(client, Ns, "f-0", ready: false, phase: "Failed");
        await Eventually.Until(async () => await Pods.TryGetAsync(client, Ns, "f-0") is { } p && p.Metadata.Uid != pod!.Metadata.Uid && p.Status.Phase == "Pending",
            "f-0 is replaced by a new pending pod");
    }
}
