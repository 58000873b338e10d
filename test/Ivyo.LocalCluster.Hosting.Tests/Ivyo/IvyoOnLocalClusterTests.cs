namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// IVYO as a user installs it on the local cluster: the operator runs as pods, the tutorial's <c>hippo</c> comes up
/// with real Patroni and PostgreSQL (two instances, one the Patroni leader), and deleting <c>hippo-primary</c> (the
/// tutorial's Test #1) brings it back.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class IvyoOnLocalClusterTests(HippoOnLocalCluster hippo)
{
    [Fact]
    public async Task Hippo_has_one_patroni_leader_and_one_replica()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        Assert.Single(replicas);
        Assert.NotEqual(primary, replicas[0]);
        Assert.Equal("t", (await hippo.PsqlAsync(primary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim());
    }

    [Fact]
    public async Task A_deleted_primary_service_comes_back()
    {
        var before = (await hippo.KubectlAsync("get", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace, "-o", "jsonpath={.metadata.uid}")).Output;
        Assert.Equal(0, (await hippo.KubectlAsync("delete", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace)).ExitCode);
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            var now = await hippo.KubectlAsync("get", "service", "hippo-primary", "-n", HippoOnLocalCluster.Namespace, "-o", "jsonpath={.metadata.uid}");
            return now.ExitCode == 0 && now.Output.Length > 0 && now.Output != before;
        }, "hippo-primary is back", TimeSpan.FromSeconds(30));
    }
}
