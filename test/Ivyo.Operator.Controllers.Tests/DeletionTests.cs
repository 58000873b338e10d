using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>
/// Deleting an IvoryCluster: IVYO's finalizer removes Patroni's DCS Endpoints (which Patroni, not IVYO, created),
/// the garbage collector everything else, and the namespace's shared root CA goes with the last cluster.
/// </summary>
public sealed class DeletionTests
{
    [Fact]
    public async Task A_deleted_cluster_leaves_nothing_behind_and_the_root_ca_goes_with_the_last_cluster()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync();
        await environment.CreateClusterAsync("zoo", TestManifests.Everything("hippo"));
        await environment.CreateClusterAsync("zoo", TestManifests.Everything("rhino"));
        await ReconcileTests.WaitForConvergenceAsync(ivyo);
        var admin = environment.Admin;

        // What Patroni writes in its Kubernetes DCS, labelled as IVYO's Patroni configuration tells it to.
        foreach (var name in new[] { "hippo-ha", "hippo-ha-config" })
        {
            await admin.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = new Dictionary<string, string>
                    {
                        ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                        ["ivory-operator.ivorysql.org/patroni"] = "hippo-ha",
                    },
                },
            }, "zoo");
        }

        var root = await admin.CoreV1.ReadNamespacedSecretAsync("ivyo-root-cacert", "zoo");
        Assert.Equal(["hippo", "rhino"], root.Metadata.OwnerReferences.Select(o => o.Name).Order());
        Assert.All(root.Metadata.OwnerReferences, owner => Assert.NotEqual(true, owner.Controller));

        var cluster = await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);
        Assert.Contains("ivory-operator.ivorysql.org/finalizer", cluster!["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        await environment.AdminResources.DeleteAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None);

        await Eventually.Until(async () => await environment.AdminResources.GetAsync(OperatorEnvironment.Clusters, "zoo", "hippo", CancellationToken.None) is null,
            "the finalizer is released and the cluster is gone");
        await Eventually.Until(async () => await LabelledAsync(admin, "hippo") == 0, "nothing labelled with hippo remains", TimeSpan.FromSeconds(30));
        root = await admin.CoreV1.ReadNamespacedSecretAsync("ivyo-root-cacert", "zoo");
        Assert.Equal(["rhino"], root.Metadata.OwnerReferences.Select(o => o.Name));
        Assert.True(await LabelledAsync(admin, "rhino") > 10, "rhino's objects are untouched");

        await environment.AdminResources.DeleteAsync(OperatorEnvironment.Clusters, "zoo", "rhino", CancellationToken.None);
        await Eventually.Until(async () =>
        {
            try
            {
                await admin.CoreV1.ReadNamespacedSecretAsync("ivyo-root-cacert", "zoo");
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "the root CA Secret is collected with the last cluster", TimeSpan.FromSeconds(30));
        Assert.Empty(ivyo.Log.Denied);
    }

    private static async Task<int> LabelledAsync(Kubernetes admin, string cluster)
    {
        var selector = "ivory-operator.ivorysql.org/cluster=" + cluster;
        return (await admin.CoreV1.ListNamespacedConfigMapAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.CoreV1.ListNamespacedSecretAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.CoreV1.ListNamespacedServiceAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.CoreV1.ListNamespacedEndpointsAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.CoreV1.ListNamespacedPersistentVolumeClaimAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.CoreV1.ListNamespacedServiceAccountAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.AppsV1.ListNamespacedDeploymentAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.BatchV1.ListNamespacedCronJobAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.PolicyV1.ListNamespacedPodDisruptionBudgetAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.RbacAuthorizationV1.ListNamespacedRoleAsync("zoo", labelSelector: selector)).Items.Count
            + (await admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("zoo", labelSelector: selector)).Items.Count;
    }
}
