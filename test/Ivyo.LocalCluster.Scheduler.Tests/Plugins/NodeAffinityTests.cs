using k8s.Models;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class NodeAffinityTests
{
    private static V1Pod RequiringDb(string name)
    {
        var pod = Pod(name);
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "workload-role", OperatorProperty = "In", Values = ["db"] }] }],
                },
            },
        };
        return pod;
    }

    [Fact]
    public void Node_affinity_workload_role_db_only_lands_on_labelled_nodes()
    {
        var db = new Dictionary<string, string> { ["workload-role"] = "db" };
        var cluster = new Simulation([Node("db-1", labels: db), Node("app-1", labels: new() { ["workload-role"] = "app" }), Node("db-2", labels: db)]);

        for (var i = 0; i < 10; i++)
        {
            cluster.Place(RequiringDb($"pg-{i}"));
        }

        var perNode = cluster.PodsPerNode();
        Assert.Equal(0, perNode["app-1"]);
        Assert.Equal(10, perNode["db-1"] + perNode["db-2"]);
        Assert.True(perNode["db-1"] > 0 && perNode["db-2"] > 0, "least-allocated scoring spreads them over both db nodes");
    }

    [Fact]
    public void No_matching_node_is_reported_as_an_unresolvable_affinity_or_selector_mismatch()
    {
        var cluster = new Simulation([Node("a"), Node("b"), Node("c")]);
        var expected = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";

        Assert.Equal(expected, cluster.Schedule(RequiringDb("pg")).FailureMessage);
        var selecting = Pod("selecting");
        selecting.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        Assert.Equal(expected, cluster.Schedule(selecting).FailureMessage);
    }

    [Fact]
    public void Match_fields_on_the_node_name_restrict_filtering_to_the_named_nodes()
    {
        var cordoned = Node("b");
        cordoned.Spec.Unschedulable = true;
        var cluster = new Simulation([Node("a"), cordoned, Node("c")]);
        var pod = Pod("daemon");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["b"] }] }],
                },
            },
        };

        Assert.Equal(
            "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
            cluster.Schedule(pod).FailureMessage);
    }

    [Fact]
    public void Preferred_terms_win_by_weight_and_gt_compares_integers()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = new Simulation([Node("small", labels: new() { ["cores"] = "8" }), Node("large", labels: new() { ["cores"] = "64" })], seed);
            var pod = Pod("web");
            pod.Spec.Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    PreferredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PreferredSchedulingTerm { Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "cores", OperatorProperty = "Gt", Values = ["16"] }] }, Weight = 50 },
                    ],
                },
            };

            Assert.Equal("large", cluster.Place(pod));
        }
    }
}
