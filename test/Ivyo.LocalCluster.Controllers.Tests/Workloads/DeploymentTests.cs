using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

public sealed class DeploymentTests
{
    private const string Ns = "default";
    private const ManagedControllers Controllers = ManagedControllers.Deployments | ManagedControllers.ReplicaSets;

    private static V1Deployment Deployment(string name, int replicas, V1DeploymentStrategy? strategy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = Pods.Labels(name) },
            Template = Pods.Template(Pods.Labels(name)),
            Strategy = strategy,
        },
    };

    private static async Task<List<V1ReplicaSet>> ReplicaSets(Kubernetes client, string app) =>
        [.. (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns, labelSelector: "app=" + app)).Items.OrderBy(rs => rs.Metadata.CreationTimestamp)];

    private static async Task<List<V1Pod>> LivePods(Kubernetes client, string app) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=" + app)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    private static Task<V1Deployment> Read(Kubernetes client, string name) => client.AppsV1.ReadNamespacedDeploymentAsync(name, Ns);

    /// <summary>Marks every pending pod Running and Ready, as the node agents would.</summary>
    private static async Task MakeAllReady(Kubernetes client, string app)
    {
        foreach (var pod in await LivePods(client, app))
        {
            if (pod.Status?.Phase != "Running")
            {
                await Pods.SetStatusAsync(client, Ns, pod.Metadata.Name, ready: true);
            }
        }
    }

    private static Task ChangeTemplate(Kubernetes client, string name, string version) =>
        client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"version\":\"" + version + "\"}}}}}", V1Patch.PatchType.MergePatch), name, Ns);

    private static bool IsComplete(V1Deployment d) =>
        d.Status?.ObservedGeneration == d.Metadata.Generation
        && d.Status!.UpdatedReplicas == d.Spec.Replicas && d.Status.Replicas == d.Spec.Replicas && d.Status.AvailableReplicas == d.Spec.Replicas
        && d.Status.Conditions?.Any(c => c.Type == "Progressing" && c.Reason == "NewReplicaSetAvailable") == true;

    [Fact]
    public async Task Creates_a_replica_set_named_by_the_template_hash_and_becomes_available()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), Ns);

        var rs = Assert.Single(await Eventually.Get(() => ReplicaSets(client, "web"), s => s.Count == 1, "a ReplicaSet"));
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal("web", rs.Spec.Selector.MatchLabels["app"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        Assert.Equal("1", rs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("3", rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"]);
        Assert.Equal("4", rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]);
        var owner = Assert.Single(rs.Metadata.OwnerReferences);
        Assert.Equal(("Deployment", created.Metadata.Uid, true, true), (owner.Kind, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));

        var pending = await Eventually.Get(() => Read(client, "web"), d => d.Status?.Replicas == 3, "three replicas");
        Assert.Equal("1", pending.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(3, pending.Status.UnavailableReplicas);
        var unavailable = Assert.Single(pending.Status.Conditions, c => c.Type == "Available");
        Assert.Equal(("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."), (unavailable.Status, unavailable.Reason, unavailable.Message));
        Assert.Contains(pending.Status.Conditions, c => c.Type == "Progressing" && c.Status == "True");

        Assert.All(await LivePods(client, "web"), p => Assert.Equal(hash, p.Metadata.Labels["pod-template-hash"]));
        await MakeAllReady(client, "web");
        var done = await Eventually.Get(() => Read(client, "web"), IsComplete, "the rollout completes");
        Assert.Equal(3, done.Status.ReadyReplicas);
        Assert.Equal(0, done.Status.UnavailableReplicas ?? 0);
        var available = Assert.Single(done.Status.Conditions, c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var progressing = Assert.Single(done.Status.Conditions, c => c.Type == "Progressing");
        Assert.Equal(("True", $"ReplicaSet \"web-{hash}\" has successfully progressed."), (progressing.Status, progressing.Message));

        // Scaling through the scale subresource resizes the one ReplicaSet.
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", Ns);
        await Eventually.Until(async () => (await LivePods(client, "web")).Count == 5 && (await ReplicaSets(client, "web")).Single().Spec.Replicas == 5, "five pods");
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "web", Ns);
        await Eventually.Until(async () => (await LivePods(client, "web")).Count == 1, "one pod");
    }

    [Fact]
    public async Task A_rolling_update_creates_a_new_replica_set_within_max_surge_and_scales_the_old_one_to_zero()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        var strategy = new V1DeploymentStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" },
        };
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("roll", 4, strategy), Ns);
        await Eventually.Until(async () =>
        {
            await MakeAllReady(client, "roll");
            return IsComplete(await Read(client, "roll"));
        }, "the first rollout completes");
        var oldRs = Assert.Single(await ReplicaSets(client, "roll"));

        await ChangeTemplate(client, "roll", "2");
        await Eventually.Until(async () =>
        {
            var sets = await ReplicaSets(client, "roll");
            var old = sets.Single(s => s.Metadata.Name == oldRs.Metadata.Name);

            // maxSurge 1 and maxUnavailable 0: never more than five pods wanted, never fewer than four available ones kept.
            Assert.True(sets.Sum(s => s.Spec.Replicas ?? 0) <= 5, "at most replicas + maxSurge");
            var available = (await LivePods(client, "roll")).Count(p => p.Status?.Phase == "Running");
            Assert.True(available >= 4, $"at least four ready pods, saw {available}");
            await MakeAllReady(client, "roll");
            return sets.Count == 2 && old.Spec.Replicas == 0 && IsComplete(await Read(client, "roll"));
        }, "the new ReplicaSet takes over");

        var rollSets = await ReplicaSets(client, "roll");
        var newRs = rollSets.Single(s => s.Metadata.Name != oldRs.Metadata.Name);
        Assert.Equal(4, newRs.Spec.Replicas);
        Assert.Equal("2", newRs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("2", newRs.Spec.Template.Metadata.Annotations["version"]);
        Assert.NotEqual(oldRs.Metadata.Labels["pod-template-hash"], newRs.Metadata.Labels["pod-template-hash"]);
        Assert.Equal("2", (await Read(client, "roll")).Metadata.Annotations["deployment.kubernetes.io/revision"]);
        await Eventually.Until(async () => (await LivePods(client, "roll")).All(p => p.Metadata.Labels["pod-template-hash"] == newRs.Metadata.Labels["pod-template-hash"]),
            "only new pods are left");

        // Going back to the first template reuses the old ReplicaSet as revision 3.
        await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"metadata":{"annotations":null}}}}""", V1Patch.PatchType.MergePatch), "roll", Ns);
        var back = await Eventually.Get(async () => (await ReplicaSets(client, "roll")).Single(s => s.Metadata.Name == oldRs.Metadata.Name),
            s => s.Metadata.Annotations["deployment.kubernetes.io/revision"] == "3", "the old ReplicaSet becomes revision 3");
        Assert.Equal("1", back.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
    }

    [Fact]
    public async Task Recreate_removes_every_old_pod_before_the_new_replica_set_gets_any()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("rec", 2, new V1DeploymentStrategy { Type = "Recreate" }), Ns);
        await Eventually.Until(async () =>
        {
            await MakeAllReady(client, "rec");
            return IsComplete(await Read(client, "rec"));
        }, "the first rollout completes");
        var oldRs = Assert.Single(await ReplicaSets(client, "rec"));
        var oldHash = oldRs.Metadata.Labels["pod-template-hash"];

        await ChangeTemplate(client, "rec", "2");
        await Eventually.Until(async () =>
        {
            var pods = (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=rec")).Items;
            var oldPods = pods.Count(p => p.Metadata.Labels["pod-template-hash"] == oldHash);
            var newPods = pods.Count(p => p.Metadata.Labels["pod-template-hash"] != oldHash);
            Assert.False(oldPods > 0 && newPods > 0, "old and new pods at once");
            await MakeAllReady(client, "rec");
            return newPods == 2 && IsComplete(await Read(client, "rec"));
        }, "the new pods replace the old ones");
        Assert.Equal(0, (await ReplicaSets(client, "rec")).Single(s => s.Metadata.Name == oldRs.Metadata.Name).Spec.Replicas);
    }

    [Fact]
    public async Task Old_replica_sets_beyond_the_revision_history_limit_are_deleted_and_deleting_the_deployment_removes_everything()
    {
        await using var cluster = await TestCluster.StartAsync(Controllers);
        var client = cluster.Client;
        var deployment = Deployment("hist", 1);
        deployment.Spec.RevisionHistoryLimit = 1;
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, Ns);
        for (var version = 2; version <= 4; version++)
        {
            await Eventually.Until(async () =>
            {
                await MakeAllReady(client, "hist");
                return IsComplete(await Read(client, "hist"));
            }, $"rollout {version - 1} completes");
            await ChangeTemplate(client, "hist", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var sets = await Eventually.Get(async () =>
        {
            await MakeAllReady(client, "hist");
            return await ReplicaSets(client, "hist");
        }, s => s.Count == 2 && s.Any(r => r.Metadata.Annotations["deployment.kubernetes.io/revision"] == "4" && r.Status?.AvailableReplicas == 1)
            && s.Sum(r => r.Spec.Replicas) == 1, "the newest ReplicaSet and one old one");
        Assert.Equal(["3", "4"], sets.Select(s => s.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order().ToArray());

        await client.AppsV1.DeleteNamespacedDeploymentAsync("hist", Ns);
        await Eventually.Until(async () => (await ReplicaSets(client, "hist")).Count == 0 && (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=hist")).Items.Count == 0,
            "the garbage collector removes the ReplicaSets and their pods");
    }
}
