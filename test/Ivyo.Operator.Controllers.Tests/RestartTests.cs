using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>An operator stopped in the middle of creating a cluster leaves nothing that a restart duplicates.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_mid_reconcile_duplicates_nothing()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var first = await environment.StartOperatorAsync();
        // The first operator dies right after its second Secret: half-way through creating the cluster.
        first.Log.CutOffWritesAfter(requests => requests.Count(r => r.Method != HttpMethod.Get && r.Path.Contains("/secrets/", StringComparison.Ordinal)) >= 2);
        await environment.CreateClusterAsync("zoo", TestManifests.Everything());
        await Eventually.Until(() => first.Log.Writes.Count(w => w.Path.Contains("/secrets/", StringComparison.Ordinal)) >= 2,
            "the first operator is half-way: it wrote its first Secrets", TimeSpan.FromSeconds(30));
        await first.DisposeAsync();

        var admin = environment.Admin;
        var secretsBefore = (await admin.CoreV1.ListNamespacedSecretAsync("zoo")).Items.ToDictionary(s => s.Metadata.Name, s => s.Metadata.Uid);
        var statefulSetsBefore = (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo")).Items.Count;
        Assert.True(statefulSetsBefore < 3, "The first operator finished before it was stopped; the test proves nothing.");
        Assert.True(secretsBefore.Count > 0, "The first operator was stopped before it wrote a Secret.");

        var second = await environment.StartOperatorAsync();
        await ReconcileTests.WaitForConvergenceAsync(second);

        var instances = (await admin.AppsV1.ListNamespacedStatefulSetAsync("zoo", labelSelector: "ivory-operator.ivorysql.org/instance")).Items;
        Assert.Equal(2, instances.Count);
        var names = instances.Select(set => set.Metadata.Name).ToHashSet();
        var secrets = (await admin.CoreV1.ListNamespacedSecretAsync("zoo")).Items;
        Assert.Equal(names.Select(name => name + "-certs").Order(), secrets.Select(s => s.Metadata.Name).Where(n => n.EndsWith("-certs", StringComparison.Ordinal)).Order());
        Assert.Equal(names.Select(name => name + "-config").Order(),
            (await admin.CoreV1.ListNamespacedConfigMapAsync("zoo")).Items.Select(c => c.Metadata.Name).Where(n => n.StartsWith("hippo-instance1-", StringComparison.Ordinal)).Order());
        Assert.Equal(names.Select(name => name + "-pgdata").Order(),
            (await admin.CoreV1.ListNamespacedPersistentVolumeClaimAsync("zoo")).Items.Select(c => c.Metadata.Name).Where(n => n.StartsWith("hippo-instance1-", StringComparison.Ordinal)).Order());

        // What the first operator made and is still wanted was kept, not replaced: the same root CA, the same certificates.
        foreach (var secret in secrets.Where(s => secretsBefore.ContainsKey(s.Metadata.Name)))
        {
            Assert.Equal(secretsBefore[secret.Metadata.Name], secret.Metadata.Uid);
        }

        Assert.Empty(second.Log.Denied);
    }
}
