using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Pods;

/// <summary><c>pods/binding</c>, as a scheduler uses it: a pod is assigned once, and a new pod is Pending.</summary>
public sealed class BindingTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task A_new_pod_is_pending_with_its_qos_class_whatever_status_it_was_sent_with()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        var pod = PodFixtures.Pod("db-0");
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.9" };
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Gi") },
        };

        var created = await _client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        Assert.Equal("Pending", created.Status.Phase);
        Assert.Null(created.Status.PodIP);
        Assert.Equal("Guaranteed", created.Status.QosClass);
        Assert.Equal("BestEffort", (await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod("db-1"), ns)).Status.QosClass);
    }

    [Fact]
    public async Task Binding_assigns_the_node_once_and_marks_the_pod_scheduled()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await _client.CoreV1.CreateNamespacedPodAsync(PodFixtures.Pod("db-0"), ns);

        await _client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new V1ObjectMeta { Name = "db-0" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-2" } }, "db-0", ns);

        var bound = await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns);
        Assert.Equal("node-2", bound.Spec.NodeName);
        var scheduled = Assert.Single(bound.Status.Conditions, c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);

        var again = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new V1ObjectMeta { Name = "db-0" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-3" } }, "db-0", ns));
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Contains("pod db-0 is already assigned to node \\\"node-2\\\"", again.Response.Content, StringComparison.Ordinal);
        Assert.Equal("node-2", (await _client.CoreV1.ReadNamespacedPodAsync("db-0", ns)).Spec.NodeName);
    }
}
