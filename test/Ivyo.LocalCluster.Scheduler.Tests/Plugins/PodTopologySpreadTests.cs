using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Plugins;
using k8s.Models;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private static readonly Dictionary<string, string> _web = new() { ["app"] = "web" };

    [Fact]
    public void Max_skew_one_over_three_nodes_with_five_pods_gives_two_two_one()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = new Simulation([Node("a"), Node("b"), Node("c")], seed);
            for (var i = 0; i < 5; i++)
            {
                cluster.Place(Pod($"web-{i}", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web));
            }

            Assert.Equal([1, 2, 2], cluster.PodsPerNode().Values.Order());
        }
    }

    [Fact]
    public void A_node_without_the_topology_key_is_rejected_for_a_missing_required_label()
    {
        var cluster = new Simulation([Node("a", "z1"), Node("b")]);
        cluster.Place(Pod("web-0", _web).WithSpread(1, "topology.kubernetes.io/zone", "DoNotSchedule", _web));
        Assert.Equal("a", cluster.Pods[0].Spec.NodeName);

        var result = cluster.Schedule(Pod("web-1", _web).WithSpread(1, "topology.kubernetes.io/zone", "DoNotSchedule", _web, minDomains: 2));

        Assert.Equal(
            "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) didn't match pod topology spread constraints (missing required label). "
            + "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
            result.FailureMessage);
    }

    [Fact]
    public void A_tainted_node_still_counts_as_an_empty_domain_under_the_default_node_taints_policy()
    {
        var tainted = Node("b");
        tainted.Spec.Taints = [Taint("dedicated", value: "gpu")];
        var cluster = new Simulation([Node("a"), tainted]);
        cluster.Place(Pod("web-0", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web));

        var result = cluster.Schedule(Pod("web-1", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web));

        Assert.Equal(
            "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {dedicated: gpu}. "
            + "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..",
            result.FailureMessage);

        var honoring = Pod("web-2", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web);
        honoring.Spec.TopologySpreadConstraints[0].NodeTaintsPolicy = "Honor";
        Assert.Equal("a", cluster.Place(honoring));
    }

    [Fact]
    public void Nodes_outside_the_pods_node_affinity_are_not_domains_under_the_default_node_affinity_policy()
    {
        var cluster = new Simulation([Node("a", labels: new() { ["pool"] = "x" }), Node("b", labels: new() { ["pool"] = "x" }), Node("c")]);
        for (var i = 0; i < 4; i++)
        {
            var pod = Pod($"web-{i}", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web);
            pod.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "x" };
            cluster.Place(pod);
        }

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 2, ["c"] = 0 }, cluster.PodsPerNode());
    }

    [Fact]
    public void Fewer_domains_than_min_domains_make_the_global_minimum_zero()
    {
        var cluster = new Simulation([Node("a"), Node("b")]);
        cluster.Place(Pod("web-0", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web, minDomains: 3));
        cluster.Place(Pod("web-1", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web, minDomains: 3));

        var result = cluster.Schedule(Pod("web-2", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web, minDomains: 3));

        Assert.Equal(
            "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
            result.FailureMessage);
    }

    [Fact]
    public void Match_label_keys_count_only_pods_of_the_same_revision()
    {
        var cluster = new Simulation([Node("a"), Node("b")]);
        V1Pod Revision(string name, string hash)
        {
            var pod = Pod(name, new() { ["app"] = "web", ["pod-template-hash"] = hash }).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web);
            pod.Spec.TopologySpreadConstraints[0].MatchLabelKeys = ["pod-template-hash"];
            return pod;
        }

        cluster.Pods.Add(Revision("old-0", "v1").OnNode("a"));
        cluster.Pods.Add(Revision("old-1", "v1").OnNode("a"));
        cluster.Place(Revision("new-0", "v2"));
        cluster.Place(Revision("new-1", "v2"));

        Assert.NotEqual(cluster.Pods[2].Spec.NodeName, cluster.Pods[3].Spec.NodeName);
    }

    [Fact]
    public void Schedule_anyway_prefers_the_emptier_domain()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = new Simulation([Node("a", "z1"), Node("b", "z1"), Node("c", "z2")], seed);
            cluster.Pods.Add(Pod("web-0", _web).OnNode("a"));
            cluster.Pods.Add(Pod("web-1", _web).OnNode("b"));
            Assert.Equal("c", cluster.Place(Pod("web-2", _web).WithSpread(1, "topology.kubernetes.io/zone", "ScheduleAnyway", _web)));
        }
    }

    [Fact]
    public void System_default_constraints_apply_only_to_pods_selected_by_a_service_or_controller_and_without_constraints_of_their_own()
    {
        var nodes = new[] { Node("a", "z1"), Node("b", "z2") };
        var existing = Pod("web-0", _web).OnNode("a");
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } },
        };
        var plugin = new PodTopologySpread();
        var withService = new ClusterSnapshot { Nodes = nodes, Pods = [existing], Services = [service] };
        var cycle = new SchedulingCycle(Pod("web-1", _web), withService);

        var scorer = plugin.PreScore(cycle, cycle.Nodes);

        Assert.NotNull(scorer);
        var normalized = scorer.Normalize!(cycle.Nodes.Select(n => new NodeScore(n.Name, scorer.Score(n))).ToList());
        Assert.True(normalized[1].Score > normalized[0].Score, "the node without a matching pod scores higher");
        Assert.Equal(ScoreLimits.MaxNodeScore, normalized[1].Score);

        var withoutService = new SchedulingCycle(Pod("web-1", _web), withService with { Services = [] });
        Assert.Null(plugin.PreScore(withoutService, withoutService.Nodes));

        var ownConstraint = new SchedulingCycle(Pod("web-1", _web).WithSpread(1, "kubernetes.io/hostname", "DoNotSchedule", _web), withService);
        Assert.Null(plugin.PreScore(ownConstraint, ownConstraint.Nodes));
    }

    [Fact]
    public void The_default_selector_combines_services_and_the_controlling_replica_set()
    {
        var pod = Pod("web-1", new() { ["app"] = "web", ["tier"] = "front" });
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abc", Controller = true, Uid = "1" }];
        var snapshot = new ClusterSnapshot
        {
            ReplicaSets = [new V1ReplicaSet
            {
                Metadata = new V1ObjectMeta { Name = "web-abc", NamespaceProperty = "default" },
                Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "front" } } },
            }],
        };

        var selector = Ivyo.LocalCluster.Scheduler.Matching.DefaultSpreadSelector.For(pod, snapshot);

        Assert.False(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["tier"] = "front" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web" }));
    }
}
