using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 3: scaling hippo from 2 to 3 to 1 instances keeps its primary (the same pod, never restarted) while
/// a client writes through <c>hippo-primary</c> (<see cref="HippoWriter"/>): no write fails, and every acknowledged
/// row is there at the end. hippo is put back to 2 instances.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class ScaleTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string Selector = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";

    [Fact]
    public async Task Scaling_from_two_to_three_to_one_keeps_the_primary_and_no_write_fails()
    {
        var (primary, _) = await hippo.UntilHealthyAsync();
        var uid = await PodUidAsync(primary);
        var writer = await HippoWriter.StartAsync(hippo, "scaled");

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":3}]""", "json");
            var (withThree, replicas) = await hippo.StableRolesAsync(instances: 3);
            Assert.Equal(primary, withThree);
            await ShowPodsAsync();
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.ReplicationAsync(primary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Count(line => line.Contains(":streaming:", StringComparison.Ordinal)) == 2, "both replicas stream from the primary", TimeSpan.FromMinutes(3));

            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":1}]""", "json");
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-l", Selector, "-o", "name")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, "one instance pod is left", TimeSpan.FromMinutes(4));
            var (withOne, none) = await hippo.StableRolesAsync(instances: 1);
            Assert.Equal(primary, withOne);
            Assert.Empty(none);
            Assert.Equal(uid, await PodUidAsync(primary));
            await ShowPodsAsync();
            Assert.Equal("t", (await hippo.PsqlAsync(primary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim());

            var writes = await writer.StopAsync();
            output.WriteLine($"the client wrote through hippo-primary: {writes.Describe()}");
            Assert.True(writes.Acknowledged > 10, writes.Describe());
            Assert.Empty(writes.Gaps());
            Assert.Empty(writes.LostAcknowledged);
        },
        async () =>
        {
            await writer.StopQuietlyAsync();
            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":2}]""", "json");
            await hippo.UntilHealthyAsync();
        });
    }

    /// <summary>The tutorial's listing with the role column, into the test output (the tutorial's outputs come from it).</summary>
    private async Task ShowPodsAsync()
    {
        var shown = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + Selector, "-L", "ivory-operator.ivorysql.org/role");
        output.WriteLine($"$ kubectl get pods -n {Namespace} --selector={Selector} -L ivory-operator.ivorysql.org/role\n{shown.Output}");
    }

    private async Task<string> PodUidAsync(string pod) =>
        (await hippo.KubectlAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath={.metadata.uid}")).Output;
}
