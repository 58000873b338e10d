using System.Diagnostics;
using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.Apply;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>A converged cluster with an object of every kind IVYO owns, shared by the self-healing cases.</summary>
public sealed class ConvergedCluster : IAsyncLifetime
{
    public OperatorEnvironment Environment { get; private set; } = null!;

    public RunningOperator Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment = await OperatorEnvironment.StartAsync();
        await Environment.CreateNamespaceAsync("zoo");
        await Environment.CreateNamespaceAsync("other");
        Operator = await Environment.StartOperatorAsync();
        await Environment.CreateClusterAsync("zoo", TestManifests.Everything());
        await Environment.CreateClusterAsync("other", TestManifests.Everything());
        // The backup schedule's CronJob comes once the cluster is bootstrapped and its replica-create backup is done.
        await RunningHippo.BackupsReadyAsync(Environment, "zoo", RunningHippo.Eventually(TimeSpan.FromSeconds(60)));
        await ReconcileTests.WaitForConvergenceAsync(Operator);
    }

    public async Task DisposeAsync() => await Environment.DisposeAsync();
}

/// <summary>
/// Delete any object IVYO owns and it is back, with the same content, at once (the owned-object watch enqueues the
/// cluster; no resync is involved). The tutorial's Test #1 is <c>hippo-primary</c>; Test #2 the instance StatefulSet,
/// back under the same name. The cluster in the other namespace is untouched throughout.
/// </summary>
public sealed class SelfHealingTests(ConvergedCluster converged) : IClassFixture<ConvergedCluster>
{
    public static TheoryData<string, string> OwnedObjects => new()
    {
        { "ConfigMap", "hippo-config" },
        { "Secret", "hippo-cluster-cert" },
        { "Service", "hippo-primary" },
        { "Endpoints", "hippo-primary" },
        { "ServiceAccount", "hippo-instance" },
        { "Role", "hippo-instance" },
        { "RoleBinding", "hippo-instance" },
        { "PersistentVolumeClaim", "hippo-repo1" },
        { "StatefulSet", "<instance>" },
        { "StatefulSet", "hippo-repo-host" },
        { "Deployment", "hippo-pgbouncer" },
        { "CronJob", "hippo-repo1-full" },
        { "PodDisruptionBudget", "hippo-set-instance1" },
    };

    [Theory]
    [MemberData(nameof(OwnedObjects))]
    public async Task A_deleted_object_is_recreated_with_the_same_content(string kind, string name)
    {
        var owned = OwnedKinds.Of(kind);
        var resources = converged.Environment.AdminResources;
        if (name == "<instance>")
        {
            var sets = await converged.Environment.Admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: "ivory-operator.ivorysql.org/instance");
            name = sets.Items.Select(set => set.Metadata.Name).Order(StringComparer.Ordinal).First();
        }

        var before = (await resources.GetAsync(owned.Resource, "zoo", name, CancellationToken.None))!;
        var otherNamespace = await ResourceVersionsAsync("other");

        var clock = Stopwatch.StartNew();
        Assert.True(await resources.DeleteAsync(owned.Resource, "zoo", name, CancellationToken.None, propagationPolicy: "Background"));
        var after = await Eventually.Get(() => resources.GetAsync(owned.Resource, "zoo", name, CancellationToken.None),
            obj => obj is not null && (string?)obj["metadata"]!["uid"] != (string?)before["metadata"]!["uid"] && obj["metadata"]!["deletionTimestamp"] is null,
            $"{kind} {name} is back");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{kind} {name} took {clock.Elapsed} to come back");
        Assert.Equal(Comparable(kind, before).ToJsonString(), Comparable(kind, after!).ToJsonString());
        Assert.Equal(otherNamespace, await ResourceVersionsAsync("other"));
        Assert.Empty(converged.Operator.Log.Denied);
    }

    /// <summary>The resourceVersion of every object in a namespace, by kind and name.</summary>
    private async Task<Dictionary<string, string>> ResourceVersionsAsync(string ns)
    {
        var versions = new Dictionary<string, string>();
        foreach (var kind in OwnedKinds.All)
        {
            var list = await converged.Environment.Admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(
                kind.Resource.Group, kind.Resource.Version, ns, kind.Resource.Plural);
            foreach (var item in list["items"]!.AsArray())
            {
                versions[kind.Kind + "/" + item!["metadata"]!["name"]] = (string)item["metadata"]!["resourceVersion"]!;
            }
        }

        return versions;
    }

    /// <summary>What must be the same after the repair: everything IVYO decides, nothing the API server assigns.</summary>
    private static JsonObject Comparable(string kind, JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "finalizers" })
        {
            metadata.Remove(field);
        }

        copy.Remove("status");
        switch (kind)
        {
            case "Service":
                copy["spec"]!.AsObject().Remove("clusterIP");
                copy["spec"]!.AsObject().Remove("clusterIPs");
                break;
            case "Secret":
                // A lost certificate is issued anew: the same keys, new values.
                copy["data"] = new JsonArray([.. copy["data"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal).Select(key => (JsonNode?)key)]);
                metadata["annotations"]?.AsObject().Remove(AppliedConfiguration.Annotation);
                break;
            case "PersistentVolumeClaim":
                copy["spec"]!.AsObject().Remove("volumeName");
                break;
        }

        return copy;
    }
}
