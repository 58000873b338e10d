using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private static readonly Dictionary<string, string> _web = new() { ["app"] = "web" };

    private static Simulation ThreeNodes(int seed = 1) => new([Node("node-a", "z1"), Node("node-b", "z1"), Node("node-c", "z2")], seed);

    /// <summary>The tutorial's anti-affinity scenarios on 3 nodes: pods per node (sorted) and how many stay unscheduled.</summary>
    [Theory]
    [InlineData(false, 2, new[] { 0, 1, 1 }, 0)]
    [InlineData(false, 4, new[] { 1, 1, 2 }, 0)]
    [InlineData(true, 2, new[] { 0, 1, 1 }, 0)]
    [InlineData(true, 4, new[] { 1, 1, 1 }, 1)]
    public void Tutorial_anti_affinity_scenarios_on_three_nodes(bool required, int replicas, int[] perNode, int unscheduled)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = ThreeNodes(seed);
            var failed = 0;
            for (var i = 0; i < replicas; i++)
            {
                var pod = Pod($"hippo-{i}", _web);
                var result = cluster.Schedule(required
                    ? pod.WithRequiredAntiAffinity("kubernetes.io/hostname", _web)
                    : pod.WithPreferredAntiAffinity(100, "kubernetes.io/hostname", _web));
                failed += result.Succeeded ? 0 : 1;
            }

            var counts = cluster.PodsPerNode().Values.Order().ToArray();
            Assert.Equal(perNode, counts);
            Assert.Equal(unscheduled, failed);
        }
    }

    [Fact]
    public void Preferred_anti_affinity_spreads_two_replicas_over_three_nodes_onto_distinct_nodes()
    {
        for (var seed = 0; seed < 25; seed++)
        {
            var cluster = ThreeNodes(seed);
            var first = cluster.Place(Pod("web-0", _web).WithPreferredAntiAffinity(100, "kubernetes.io/hostname", _web));
            var second = cluster.Place(Pod("web-1", _web).WithPreferredAntiAffinity(100, "kubernetes.io/hostname", _web));
            Assert.NotEqual(first, second);
        }
    }

    [Fact]
    public void Required_anti_affinity_with_four_replicas_on_three_nodes_leaves_one_unschedulable_with_the_exact_message()
    {
        var cluster = ThreeNodes();
        var placed = Enumerable.Range(0, 3).Select(i => cluster.Place(Pod($"db-{i}", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web))).ToList();
        Assert.Equal(3, placed.Distinct().Count());

        var result = cluster.Schedule(Pod("db-3", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web));

        Assert.False(result.Succeeded);
        Assert.Equal(
            "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
            result.FailureMessage);
    }

    [Fact]
    public void Anti_affinity_and_control_plane_taints_are_counted_and_sorted_as_kube_scheduler_prints_them()
    {
        var controlPlane = Taint("node-role.kubernetes.io/control-plane");
        var cp1 = Node("cp-1");
        cp1.Spec.Taints = [controlPlane];
        var cp2 = Node("cp-2");
        cp2.Spec.Taints = [controlPlane];
        var cluster = new Simulation([cp1, cp2, Node("worker")]);
        Assert.Equal("worker", cluster.Place(Pod("db-0", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web)));

        var result = cluster.Schedule(Pod("db-1", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web));

        Assert.Equal(
            "0/3 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
            result.FailureMessage);
    }

    [Fact]
    public void An_existing_pods_anti_affinity_keeps_matching_pods_out_of_its_domain()
    {
        var cluster = ThreeNodes();
        cluster.Pods.Add(Pod("loner", new() { ["app"] = "loner" }).WithRequiredAntiAffinity("topology.kubernetes.io/zone", _web).OnNode("node-c"));
        cluster.Pods.Add(Pod("other", new() { ["app"] = "other" }).OnNode("node-a"));

        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual("node-c", cluster.Place(Pod($"web-{i}", _web)));
        }

        var single = new Simulation([Node("node-c", "z2")]);
        single.Pods.Add(Pod("loner", new() { ["app"] = "loner" }).WithRequiredAntiAffinity("topology.kubernetes.io/zone", _web).OnNode("node-c"));
        Assert.Equal(
            "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
            single.Schedule(Pod("web", _web)).FailureMessage);
    }

    [Fact]
    public void Required_affinity_follows_a_matching_pod_into_its_zone()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = ThreeNodes(seed);
            cluster.Pods.Add(Pod("cache", new() { ["app"] = "cache" }).OnNode("node-c"));
            var node = cluster.Place(Pod("web", _web).WithRequiredAffinity(Term("topology.kubernetes.io/zone", new() { ["app"] = "cache" })));
            Assert.Equal("node-c", node);
        }
    }

    [Fact]
    public void Required_affinity_to_pods_that_do_not_exist_is_unresolvable()
    {
        var result = ThreeNodes().Schedule(Pod("web", _web).WithRequiredAffinity(Term("topology.kubernetes.io/zone", new() { ["app"] = "cache" })));

        Assert.Equal(
            "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
            result.FailureMessage);
    }

    [Fact]
    public void The_first_pod_of_a_group_with_affinity_to_itself_is_admitted_and_the_rest_follow_it()
    {
        var cluster = ThreeNodes();
        var term = Term("topology.kubernetes.io/zone", _web);
        var first = cluster.Place(Pod("web-0", _web).WithRequiredAffinity(term));
        var zone = first == "node-c" ? "z2" : "z1";
        for (var i = 1; i < 5; i++)
        {
            var node = cluster.Place(Pod($"web-{i}", _web).WithRequiredAffinity(term));
            Assert.Equal(zone, cluster.Nodes.Single(n => n.Metadata.Name == node).Metadata.Labels["topology.kubernetes.io/zone"]);
        }
    }

    [Fact]
    public void Terms_match_the_pods_own_namespace_by_default_and_named_namespaces_when_listed()
    {
        var cluster = new Simulation([Node("only")]);
        cluster.Pods.Add(Pod("web-elsewhere", _web, @namespace: "other").OnNode("only"));

        Assert.True(cluster.Schedule(Pod("web", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web)).Succeeded);

        var named = Pod("web-2", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web);
        named.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].Namespaces = ["other"];
        Assert.Contains("1 node(s) didn't match pod anti-affinity rules", cluster.Schedule(named).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespace_selector_matches_namespaces_by_their_labels()
    {
        var cluster = new Simulation([Node("only")]);
        cluster.Pods.Add(Pod("web-elsewhere", _web, @namespace: "team-a").OnNode("only"));
        var snapshot = cluster.Snapshot with
        {
            NamespaceLabels = new Dictionary<string, IDictionary<string, string>> { ["team-a"] = new Dictionary<string, string> { ["team"] = "a" } },
        };
        var pod = Pod("web", _web).WithRequiredAntiAffinity("kubernetes.io/hostname", _web);
        pod.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].NamespaceSelector =
            new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } };

        Assert.False(cluster.Schedule(pod, snapshot).Succeeded);
        Assert.True(cluster.Schedule(pod, cluster.Snapshot).Succeeded);
    }
}
