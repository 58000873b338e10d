using System.Net;
using System.Text.RegularExpressions;
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

        // Converged means nothing written for 2 s, not an empty queue at this instant (a requeue may be due): the
        // depth gauge must read 0 once the queue drains.
        var depthIdle = new Regex(@"(?m)^ivyo_controllerruntime_workqueue_depth\{name=""ivorycluster""\} 0$");
        var metrics = await Eventually.Get(() => http.GetStringAsync("/metrics"), depthIdle.IsMatch, "the work queue's depth gauge reads 0");
        // prometheus-net names each instrument after its meter (Ivyo.ControllerRuntime) and itself.
        Assert.Matches(@"(?m)^ivyo_controllerruntime_controller_reconciles\{controller=""ivorycluster"",result=""success""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_controller_reconcile_duration_bucket\{controller=""ivorycluster"",le=""[^""]+""\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_leader_election_leading\{lease=""ivory-operator.ivorysql.org""\} 1", metrics);
        Assert.Matches(@"(?m)^ivyo_controllerruntime_informer_lists\{resource=""ivoryclusters.v1beta1.ivory-operator.ivorysql.org""\} [1-9]", metrics);
        Assert.Contains("process_working_set_bytes", metrics, StringComparison.Ordinal);
    }
}
