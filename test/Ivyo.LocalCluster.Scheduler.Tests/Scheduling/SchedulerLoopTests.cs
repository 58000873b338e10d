using k8s;
using k8s.Models;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Scheduling;

public sealed class SchedulerLoopTests
{
    private static readonly Dictionary<string, string> _db = new() { ["app"] = "db" };

    private static V1Pod ApiPod(string name, Dictionary<string, string> labels, string? cpu = null)
    {
        var pod = Pod(name, labels, cpu: cpu);
        pod.Metadata.Uid = null;
        return pod;
    }

    [Fact]
    public async Task Required_anti_affinity_binds_three_replicas_on_three_nodes_and_marks_the_fourth_unschedulable_until_a_node_is_added()
    {
        await using var cluster = await LocalCluster.StartAsync(Node("node-a"), Node("node-b"), Node("node-c"));
        for (var i = 0; i < 4; i++)
        {
            await cluster.CreatePodAsync(ApiPod($"db-{i}", _db).WithRequiredAntiAffinity("kubernetes.io/hostname", _db));
        }

        const string message = "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";
        var pods = await Eventually.MatchAsync(
            () => cluster.PodsAsync("app=db"),
            p => p.Count(x => x.Spec.NodeName is not null) == 3 && p.Any(x => Unschedulable(x)?.Message == message),
            "three bound pods and one unschedulable");

        var bound = pods.Where(p => p.Spec.NodeName is not null).ToList();
        Assert.Equal(["node-a", "node-b", "node-c"], bound.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        Assert.All(bound, p => Assert.Equal("True", p.Status.Conditions.Single(c => c.Type == "PodScheduled").Status));
        var pending = pods.Single(p => p.Spec.NodeName is null);
        var condition = Unschedulable(pending)!;
        Assert.Equal("False", condition.Status);
        Assert.Equal("Unschedulable", condition.Reason);

        var events = await Eventually.MatchAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={pending.Metadata.Name}")).Items,
            e => e.Any(x => x.Reason == "FailedScheduling"),
            "a FailedScheduling event");
        var failed = events.First(e => e.Reason == "FailedScheduling");
        Assert.Equal("Warning", failed.Type);
        Assert.Equal(message, failed.Message);
        Assert.Equal("default-scheduler", failed.Source.Component);
        Assert.Equal("default-scheduler", failed.ReportingComponent);
        Assert.Equal(pending.Metadata.Uid, failed.InvolvedObject.Uid);
        Assert.Equal("Pod", failed.InvolvedObject.Kind);

        await cluster.AddNodeAsync(Node("node-d"));

        var rescheduled = await Eventually.MatchAsync(
            () => cluster.Client.CoreV1.ReadNamespacedPodAsync(pending.Metadata.Name, "default"),
            p => p.Spec.NodeName is not null,
            "the pending pod to be bound once a node is added");
        Assert.Equal("node-d", rescheduled.Spec.NodeName);
        Assert.Equal("True", rescheduled.Status.Conditions.Single(c => c.Type == "PodScheduled").Status);
    }

    [Fact]
    public async Task Pods_created_together_see_each_others_requests_through_the_assumed_view()
    {
        await using var cluster = await LocalCluster.StartAsync(Node("node-a", cpu: "1"), Node("node-b", cpu: "1"), Node("node-c", cpu: "1"));
        var web = new Dictionary<string, string> { ["app"] = "web" };
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => cluster.CreatePodAsync(ApiPod($"web-{i}", web, cpu: "600m"))));

        const string message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";
        var pods = await Eventually.MatchAsync(
            () => cluster.PodsAsync("app=web"),
            p => p.Count(x => x.Spec.NodeName is not null) == 3 && p.Any(x => Unschedulable(x)?.Message == message),
            "three pods on three nodes and one without room");
        Assert.Equal(3, pods.Where(p => p.Spec.NodeName is not null).Select(p => p.Spec.NodeName).Distinct().Count());
    }

    [Fact]
    public async Task Not_ready_cordoned_and_unlabelled_nodes_are_avoided_and_other_schedulers_pods_are_left_alone()
    {
        var notReady = Node("not-ready", labels: new() { ["workload-role"] = "db" });
        notReady.Status.Conditions = [new V1NodeCondition { Type = "Ready", Status = "False" }];
        var cordoned = Node("cordoned", labels: new() { ["workload-role"] = "db" });
        cordoned.Spec.Unschedulable = true;
        await using var cluster = await LocalCluster.StartAsync(notReady, cordoned, Node("db", labels: new() { ["workload-role"] = "db" }), Node("app"));

        for (var i = 0; i < 3; i++)
        {
            var pod = ApiPod($"pg-{i}", _db);
            pod.Spec.NodeSelector = new Dictionary<string, string> { ["workload-role"] = "db" };
            await cluster.CreatePodAsync(pod);
        }

        var foreign = ApiPod("foreign", new() { ["app"] = "foreign" });
        foreign.Spec.SchedulerName = "other-scheduler";
        await cluster.CreatePodAsync(foreign);

        var pods = await Eventually.MatchAsync(() => cluster.PodsAsync("app=db"), p => p.All(x => x.Spec.NodeName is not null), "the db pods to be bound");
        Assert.All(pods, p => Assert.Equal("db", p.Spec.NodeName));

        var unlikely = ApiPod("nowhere", _db);
        unlikely.Spec.NodeSelector = new Dictionary<string, string> { ["workload-role"] = "cache" };
        await cluster.CreatePodAsync(unlikely);
        var failed = await Eventually.MatchAsync(
            () => cluster.Client.CoreV1.ReadNamespacedPodAsync("nowhere", "default"), p => Unschedulable(p) is not null, "the unmatched pod to be marked");
        Assert.Equal(
            "0/4 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
            Unschedulable(failed)!.Message);

        var untouched = await cluster.Client.CoreV1.ReadNamespacedPodAsync("foreign", "default");
        Assert.Null(untouched.Spec.NodeName);
        Assert.DoesNotContain(untouched.Status?.Conditions ?? [], c => c.Type == "PodScheduled" && c.Status == "False");
    }

    private static V1PodCondition? Unschedulable(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable");
}
