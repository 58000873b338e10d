using System.Diagnostics;
using Ivyo.Operator.Controllers.Tests.Infrastructure;
using k8s;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>Two replicas, as the install runs them: one reconciles; when it dies, the other takes over.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task The_standby_takes_over_when_the_leader_dies_and_finishes_its_work()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var first = await environment.StartOperatorAsync(Elected);
        await Eventually.Until(() => first.Runtime.IsLeader, "the first replica leads");
        var second = await environment.StartOperatorAsync(Elected);
        await Eventually.Until(() => second.Runtime.IsReady, "the standby's caches are warm");
        Assert.False(second.Runtime.IsLeader);

        await environment.CreateClusterAsync("zoo", TestManifests.Hippo());
        await ReconcileTests.WaitForConvergenceAsync(first);
        Assert.DoesNotContain(second.Log.Writes, r => !r.Path.Contains("/leases/", StringComparison.Ordinal));
        // Each replica's /metrics is its own, although both run in this one process: only the leader reads 1.
        const string Leading = """ivyo_controllerruntime_leader_election_leading{lease="ivory-operator.ivorysql.org"} 1""";
        Assert.Contains(Leading, await ScrapeAsync(first), StringComparison.Ordinal);
        Assert.DoesNotContain(Leading, await ScrapeAsync(second), StringComparison.Ordinal);

        // The leader dies without a word (no lease release), and work arrives while nobody leads.
        await first.DisposeAsync();
        var clock = Stopwatch.StartNew();
        await environment.Admin.CoreV1.DeleteNamespacedServiceAsync("hippo-primary", "zoo");

        await Eventually.Until(() => second.Runtime.IsLeader, "the standby leads", TimeSpan.FromSeconds(30));
        var tookOver = clock.Elapsed;
        Assert.True(tookOver < TimeSpan.FromSeconds(15), $"took over after {tookOver}");
        await Eventually.Get(() => environment.Admin.CoreV1.ReadNamespacedServiceAsync("hippo-primary", "zoo"), _ => true, "hippo-primary is back");
        Assert.Empty(second.Log.Denied);
    }

    private static async Task<string> ScrapeAsync(RunningOperator ivyo)
    {
        using var http = new HttpClient { BaseAddress = new Uri(ivyo.HttpAddress) };
        return await http.GetStringAsync("/metrics");
    }

    private static Hosting.OperatorOptions Elected(Hosting.OperatorOptions options) => options with
    {
        LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace,
        ReleaseLeaseOnStop = false,
    };
}
