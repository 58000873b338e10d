using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Pods;

/// <summary>
/// <c>pods/eviction</c> honours PodDisruptionBudgets as kube-apiserver does: it spends one allowed disruption per
/// eviction and answers 429 with the budget's numbers when none is left.
/// </summary>
public sealed class EvictionTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly Dictionary<string, string> s_labels = new() { ["app"] = "db" };

    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task Without_a_budget_a_running_pod_is_evicted()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: true);

        await EvictAsync(ns, "db-0");

        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");
    }

    [Fact]
    public async Task An_eviction_spends_the_budget_and_the_next_one_is_refused_with_429()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: true);
        await RunningPodAsync(ns, "db-1", ready: true);
        await BudgetAsync(ns, "db", allowed: 1, desired: 1, current: 2);

        await EvictAsync(ns, "db-0");

        var pdb = await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("db", ns);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.Contains("db-0", pdb.Status.DisruptedPods.Keys);
        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => EvictAsync(ns, "db-1"));
        Assert.Equal((HttpStatusCode)429, refused.Response.StatusCode);
        var status = JsonNode.Parse(refused.Response.Content)!;
        Assert.Equal("TooManyRequests", (string?)status["reason"]);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", (string?)status["message"]);
        Assert.Equal("DisruptionBudget", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("The disruption budget db needs 1 healthy pods and has 2 currently", (string?)status["details"]!["causes"]![0]!["message"]);
        Assert.NotNull(await _client.CoreV1.ReadNamespacedPodAsync("db-1", ns));
    }

    [Fact]
    public async Task An_unready_pod_is_evicted_free_while_the_budget_is_healthy()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: false);
        await BudgetAsync(ns, "db", allowed: 0, desired: 1, current: 1);

        await EvictAsync(ns, "db-0");

        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");
        Assert.Equal(0, (await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("db", ns)).Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task A_budget_not_yet_observed_by_its_controller_refuses_evictions()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: true);
        await BudgetAsync(ns, "db", allowed: 5, desired: 1, current: 1, observedGeneration: 0);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => EvictAsync(ns, "db-0"));

        Assert.Equal((HttpStatusCode)429, refused.Response.StatusCode);
        Assert.Contains("The disruption budget db is still being processed by the server.", refused.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_budgets_for_one_pod_are_an_error()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: true);
        await BudgetAsync(ns, "one", allowed: 1, desired: 1, current: 1);
        await BudgetAsync(ns, "two", allowed: 1, desired: 1, current: 1);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => EvictAsync(ns, "db-0"));

        Assert.Equal(HttpStatusCode.InternalServerError, refused.Response.StatusCode);
        Assert.Contains("more than one PodDisruptionBudget", refused.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_eviction_changes_nothing()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await RunningPodAsync(ns, "db-0", ready: true);
        await BudgetAsync(ns, "db", allowed: 1, desired: 1, current: 2);

        await _client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "db-0" }, DeleteOptions = new V1DeleteOptions { DryRun = ["All"] } }, "db-0", ns);

        Assert.NotNull(await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns));
        Assert.Equal(1, (await _client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("db", ns)).Status.DisruptionsAllowed);
    }

    private Task EvictAsync(string ns, string name) =>
        _client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } }, name, ns);

    private async Task RunningPodAsync(string ns, string name, bool ready)
    {
        await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod(name, labels: s_labels), ns);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, ns);
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        };
        await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns);
    }

    private async Task BudgetAsync(string ns, string name, int allowed, int desired, int current, long observedGeneration = 1)
    {
        var pdb = await _client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = s_labels } },
        }, ns);
        pdb.Status = new V1PodDisruptionBudgetStatus
        {
            DisruptionsAllowed = allowed,
            DesiredHealthy = desired,
            CurrentHealthy = current,
            ExpectedPods = current,
            ObservedGeneration = observedGeneration,
        };
        await _client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(pdb, name, ns);
    }
}
