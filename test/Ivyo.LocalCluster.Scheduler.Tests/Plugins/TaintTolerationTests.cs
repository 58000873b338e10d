using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class TaintTolerationTests
{
    [Fact]
    public void An_untolerated_NoSchedule_taint_rejects_the_node_naming_its_key_and_value()
    {
        var node = Node("gpu-1");
        node.Spec.Taints = [Taint("dedicated", value: "gpu")];

        var result = new Simulation([node]).Schedule(Pod("web"));

        Assert.Equal(
            "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
            result.FailureMessage);
    }

    [Fact]
    public void NoExecute_taints_filter_too_and_only_the_first_untolerated_taint_is_reported()
    {
        var node = Node("n");
        node.Spec.Taints = [Taint("first", "NoExecute"), Taint("second")];

        Assert.Contains("{first: }", new Simulation([node]).Schedule(Pod("web")).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("{second: }", new Simulation([node]).Schedule(Pod("web").WithToleration("first")).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Tolerations_match_by_key_operator_value_and_effect()
    {
        var node = Node("gpu-1");
        node.Spec.Taints = [Taint("dedicated", value: "gpu")];
        var cluster = new Simulation([node]);

        Assert.True(cluster.Schedule(Pod("exists").WithToleration("dedicated")).Succeeded);
        Assert.True(cluster.Schedule(Pod("any-key").WithToleration("")).Succeeded);
        Assert.True(cluster.Schedule(Pod("equal", null).WithEqualToleration("dedicated", "gpu")).Succeeded);
        Assert.False(cluster.Schedule(Pod("wrong-value").WithEqualToleration("dedicated", "cpu")).Succeeded);
        Assert.False(cluster.Schedule(Pod("wrong-effect").WithToleration("dedicated", effect: "NoExecute")).Succeeded);
        Assert.True(cluster.Schedule(Pod("right-effect").WithToleration("dedicated", effect: "NoSchedule")).Succeeded);
    }

    [Fact]
    public void A_PreferNoSchedule_taint_does_not_filter_but_scores_the_node_lower()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var avoided = Node("avoided");
            avoided.Spec.Taints = [Taint("spot", "PreferNoSchedule")];
            var cluster = new Simulation([avoided, Node("preferred")], seed);

            Assert.Equal("preferred", cluster.Place(Pod("web")));
        }

        var only = Node("avoided");
        only.Spec.Taints = [Taint("spot", "PreferNoSchedule")];
        Assert.Equal("avoided", new Simulation([only]).Place(Pod("web")));
    }
}
