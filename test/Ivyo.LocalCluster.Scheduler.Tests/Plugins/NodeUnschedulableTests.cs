using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class NodeUnschedulableTests
{
    [Fact]
    public void A_cordoned_node_is_unschedulable_unless_the_pod_tolerates_the_unschedulable_taint()
    {
        var cordoned = Node("a");
        cordoned.Spec.Unschedulable = true;
        var cluster = new Simulation([cordoned]);

        Assert.Equal(
            "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
            cluster.Schedule(Pod("web")).FailureMessage);
        Assert.True(cluster.Schedule(Pod("daemon").WithToleration("node.kubernetes.io/unschedulable", effect: "NoSchedule")).Succeeded);
    }
}
