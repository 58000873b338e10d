using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Pods;

/// <summary>
/// Pods are deleted gracefully, as kube-apiserver's pod registry does: a pod on a node is only marked with
/// <c>deletionTimestamp</c> and <c>deletionGracePeriodSeconds</c>, a later delete can only shorten the period, and the
/// node's final delete with period 0 removes it.
/// </summary>
public sealed class GracefulDeletionTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task A_pod_on_a_node_stays_marked_for_its_grace_period_until_deleted_with_zero()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod("db-0", node: "node-1"), ns);

        var before = DateTime.UtcNow;
        var marked = await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns);
        Assert.Equal(30, marked.Metadata.DeletionGracePeriodSeconds);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns);
        Assert.Equal(30, pod.Metadata.DeletionGracePeriodSeconds);
        var deadline = pod.Metadata.DeletionTimestamp!.Value.ToUniversalTime();
        Assert.InRange(deadline, before.AddSeconds(29), DateTime.UtcNow.AddSeconds(31));

        // A longer period changes nothing; a shorter one moves the deadline back by the difference.
        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 60);
        Assert.Equal(deadline, (await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns)).Metadata.DeletionTimestamp!.Value.ToUniversalTime());
        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 5);
        pod = await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns);
        Assert.Equal(5, pod.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(deadline.AddSeconds(-25), pod.Metadata.DeletionTimestamp!.Value.ToUniversalTime());

        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 0);
        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");
    }

    [Fact]
    public async Task The_pods_own_termination_grace_period_is_the_default()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        var pod = PodFixtures.Pod("db-0", node: "node-1");
        pod.Spec.TerminationGracePeriodSeconds = 7;
        await _client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns);

        Assert.Equal(7, (await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns)).Metadata.DeletionGracePeriodSeconds);
    }

    [Fact]
    public async Task Unscheduled_and_finished_pods_are_deleted_at_once()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod("pending"), ns);
        await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod("done", node: "node-1"), ns);
        var done = await _client.CoreV1.ReadNamespacedPodAsync("done", ns);
        done.Status = new V1PodStatus { Phase = "Succeeded" };
        await _client.CoreV1.ReplaceNamespacedPodStatusAsync(done, "done", ns);

        await _client.CoreV1.DeleteNamespacedPodAsync("pending", ns);
        await _client.CoreV1.DeleteNamespacedPodAsync("done", ns);

        await PodFixtures.AssertGoneAsync(_client, ns, "pending");
        await PodFixtures.AssertGoneAsync(_client, ns, "done");
    }

    [Fact]
    public async Task Removing_the_last_finalizer_does_not_cut_a_running_grace_period_short()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        var pod = PodFixtures.Pod("db-0", node: "node-1");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns);

        await PodFixtures.RemoveFinalizersAsync(_client, ns, "db-0");
        Assert.Equal(30, (await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns)).Metadata.DeletionGracePeriodSeconds);

        // The node's final delete: the finalizer is gone, so the pod is too.
        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 0);
        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");
    }

    [Fact]
    public async Task A_finalizer_holds_a_pod_deleted_with_zero_until_it_is_removed()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        var pod = PodFixtures.Pod("db-0", node: "node-1");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        await _client.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 0);
        var held = await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns);
        Assert.Equal(0, held.Metadata.DeletionGracePeriodSeconds);
        Assert.NotNull(held.Metadata.DeletionTimestamp);

        await PodFixtures.RemoveFinalizersAsync(_client, ns, "db-0");
        await PodFixtures.AssertGoneAsync(_client, ns, "db-0");
    }
}
