using Ivyo.LocalCluster.Scheduler.Framework;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Framework;

public sealed class FitErrorTests
{
    [Fact]
    public void Reasons_are_sorted_as_strings_so_ten_comes_before_two()
    {
        var statuses = new Dictionary<string, FilterStatus>();
        for (var i = 0; i < 10; i++)
        {
            statuses[$"n{i}"] = FilterStatus.Unschedulable("Insufficient cpu");
        }

        statuses["m1"] = FilterStatus.Unresolvable("node(s) were unschedulable");
        statuses["m2"] = FilterStatus.Unresolvable("node(s) were unschedulable");

        var error = new FitError { NumAllNodes = 12, NodeStatuses = statuses };

        Assert.Equal("0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.", error.Message);
    }

    [Fact]
    public void A_prefilter_rejection_replaces_the_node_histogram()
    {
        var error = new FitError
        {
            NumAllNodes = 3,
            PreFilterMessage = "pod affinity terms conflict",
            AbsentNodesStatus = FilterStatus.Unresolvable("pod affinity terms conflict"),
            PostFilterMessage = "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        };

        Assert.Equal("0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..", error.Message);
    }

    [Fact]
    public void A_pod_that_never_preempts_says_so_after_the_reasons()
    {
        var pod = Pod("big", cpu: "8");
        pod.Spec.PreemptionPolicy = "Never";

        var result = new Simulation([Node("a")]).Schedule(pod);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..", result.FailureMessage);
    }

    [Fact]
    public void Lower_priority_pods_that_would_not_free_enough_are_reported_with_the_filters_reason()
    {
        var cluster = new Simulation([Node("a", cpu: "2")]);
        var low = Pod("low", cpu: "1").OnNode("a");
        low.Spec.Priority = -10;
        cluster.Pods.Add(low);

        var result = cluster.Schedule(Pod("big", cpu: "3"));

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..", result.FailureMessage);
    }
}
