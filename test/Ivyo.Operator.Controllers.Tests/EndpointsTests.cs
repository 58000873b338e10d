using System.Net;
using Ivyo.Operator.Controllers.Tests.Infrastructure;

namespace Ivyo.Operator.Controllers.Tests;

/// <summary>The operator process's HTTP endpoints: the probes of its Deployment and Prometheus' scrape.</summary>
public sealed class EndpointsTests
{
    [Fact]
    public async Task Health_readiness_and_metrics_are_served()
    {
        await using var environment = await OperatorEnvironment.StartAsync();
        await environment.CreateNamespaceAsync("zoo");
        var ivyo = await environment.StartOperatorAsync(options => options with { LeaderElectionNamespace = OperatorEnvironment.OperatorNamespace });
        using var http = new HttpClient { BaseAddress = new Uri(ivyo.HttpAddress) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await Eventually.Until(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "the operator is ready");

        await environment.CreateClusterAsync("zoo", TestManifests.Hippo());
        await ReconcileTests.WaitForConvergenceAsync(ivyo);

        var metrics = await http.GetStringAsync("/metrics");
        // prometheus-net names each instrument after its meter (Ivyo.ControllerRuntime) and itself.
        Assert.Matches(@"(?m)^ivyo_controllerruntime_controller_reconciles\{controller=""ivorycluster"",result=""success""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_controller_reconcile_duration_bucket\{controller=""ivorycluster"",le=""[^""]+""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_leader_election_leading\{lease=""ivory-operator.ivorysql.org""\} 1", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_informer_lists\{resource=""ivoryclusters.v1beta1.ivory-operator.ivorysql.org""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_workqueue_depth\{name=""ivorycluster""\} 0", metrics);
        Assert.Contains("process_working_set_bytes", metrics, StringComparison.Ordinal);
    }
}
