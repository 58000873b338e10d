using Ivyo.Operator.Controllers.Tests.Infrastructure;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>Once a cluster has converged, the operator writes nothing: a minute of steady state, counted request by request.</summary>
public sealed class SteadyStateTests
{
    [Fact]
    public async Task A_minute_of_steady_state_issues_no_write()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync(options => options with { LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace });
        await environment.CreateClusterAsync("zoo", TestManifests.Everything());
        await ReconcileTests.WaitForConvergenceAsync(ivyo);

        var before = ivyo.Log.Requests.Count;
        await Task.Delay(TimeSpan.FromSeconds(60));

        // The leader renews its Lease (a PUT every 2 s): that is leader election, not reconciling.
        var writes = ivyo.Log.Requests.Skip(before)
            .Where(r => r.Method != HttpMethod.Get && !r.Path.Contains("/leases/", StringComparison.Ordinal))
            .ToList();
        Assert.True(writes.Count == 0, "Writes in steady state: " + string.Join(", ", writes));
        Assert.Empty(ivyo.Log.Denied);
    }
}
