using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.Apply;
using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>The operator, as the <c>ivyo</c> ServiceAccount with the shipped RBAC, against the local API server.</summary>
public sealed class ReconcileTests
{
    [Fact]
    public async Task A_new_cluster_gets_every_object_with_ivory_operators_names()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync("zoo", TestManifests.Hippo());

        var admin = environment.Admin;
        var statefulSets = await Eventually.Get(() => admin.AppsV1.ListNamespacedStatefulSetAsync("zoo"), list => list.Items.Count == 3, "the two instance StatefulSets and the repo host's exist");
        Assert.Contains(statefulSets.Items, set => set.Metadata.Name == "hippo-repo-host");
        var instances = statefulSets.Items.Where(set => set.Metadata.Name.StartsWith("hippo-instance1-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, instances.Count);
        Assert.All(instances, set => Assert.Matches("^hippo-instance1-[bcdfghjklmnpqrstvwxz2456789]{4}$", set.Metadata.Name));
        Assert.All(instances, set => Assert.Equal("OnDelete", set.Spec.UpdateStrategy.Type));
        var instance = instances[0];

        var services = (await admin.CoreV1.ListNamespacedServiceAsync("zoo")).Items.Select(s => s.Metadata.Name).Order();
        Assert.Equal(["hippo-ha", "hippo-ha-config", "hippo-pods", "hippo-primary", "hippo-replicas"], services);
        var secrets = (await admin.CoreV1.ListNamespacedSecretAsync("zoo")).Items.Select(s => s.Metadata.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "ivyo-root-cacert", "hippo-cluster-cert", "hippo-replication-cert", "hippo-pguser-hippo", "hippo-pgbackrest", instance.Metadata.Name + "-certs" }, secrets);

        // <c>hippo-primary</c> Endpoints point at the ClusterIP of <c>hippo-ha</c>, which the API server assigned.
        var ha = await admin.CoreV1.ReadNamespacedServiceAsync("hippo-ha", "zoo");
        var primary = await Eventually.Get(() => admin.CoreV1.ReadNamespacedEndpointsAsync("hippo-primary", "zoo"),
            endpoints => endpoints.Subsets?.Count == 1, "hippo-primary has its Endpoints");
        Assert.Equal(ha.Spec.ClusterIP, Assert.Single(primary.Subsets[0].Addresses).Ip);

        // Every object is controlled by the cluster, so the garbage collector removes it with the cluster.
        var cluster = await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);
        Assert.All(statefulSets.Items, set => Assert.Equal((string?)cluster!["metadata"]!["uid"], set.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));

        await Eventually.Until(async () =>
        {
            var status = (await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None))!["status"];
            return (long?)status?["observedGeneration"] == 1 && status?["instances"]?[0]?["name"]?.ToString() == "instance1";
        }, "the status reports the observed generation and the instance set");
        Assert.Empty(ivyo.Log.Denied);
    }

    [Fact]
    public async Task A_converged_cluster_costs_no_request_at_all()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync("zoo", TestManifests.Everything());
        await WaitForConvergenceAsync(ivyo);

        var before = ivyo.Log.Requests.Count;
        // Something that enqueues the cluster without changing it: a label on an owned object.
        await environment.Admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "hippo-config", "zoo");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var after = ivyo.Log.Requests.Skip(before).Where(r => !r.Path.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.True(after.Count == 0, "A reconcile of a converged cluster sent: " + string.Join(", ", after));
        Assert.Empty(ivyo.Log.Denied);
    }

    /// <summary>Waits until the operator has written nothing for two seconds (leader election's lease renewals aside).</summary>
    internal static Task WaitForConvergenceAsync(RunningOperator ivyo) =>
        Eventually.Until(async () =>
        {
            var count = ReconcileWrites(ivyo);
            await Task.Delay(TimeSpan.FromSeconds(2));
            return count > 0 && ReconcileWrites(ivyo) == count;
        }, "the operator stops writing", TimeSpan.FromSeconds(60));

    /// <summary>The operator's writes, without leader election's.</summary>
    internal static int ReconcileWrites(RunningOperator ivyo) => ivyo.Log.Writes.Count(r => !r.Path.Contains("/leases/", StringComparison.Ordinal));

    internal static JsonObject? Annotations(JsonObject obj) => obj["metadata"]?["annotations"] as JsonObject;

    internal static string? AppliedHash(JsonObject obj) => (string?)Annotations(obj)?[AppliedConfiguration.Annotation];
}
