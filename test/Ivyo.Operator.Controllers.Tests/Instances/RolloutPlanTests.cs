using Ivyo.Operator.Controllers.Instances;

namespace Ivyo.Operator.Controllers.Tests.Instances;

public sealed class RolloutPlanTests
{
    private static RolloutInstance Instance(string name, bool primary = false, bool available = true, bool terminating = false, bool? outdated = true) =>
        new(name, name + "-0", name + "-uid", primary, available, terminating, outdated);

    [Fact]
    public void Nothing_is_redeployed_when_every_pod_runs_the_current_template()
    {
        Assert.Empty(RolloutPlan.Next([Instance("a", primary: true, outdated: false), Instance("b", outdated: false)], specified: 2));
    }

    [Fact]
    public void A_replica_goes_first_and_alone()
    {
        var actions = RolloutPlan.Next([Instance("a", primary: true), Instance("b"), Instance("c")], specified: 3);
        var delete = Assert.IsType<DeletePod>(Assert.Single(actions));
        Assert.Equal("b", delete.Target.Instance);
    }

    [Fact]
    public void With_the_replicas_updated_the_primary_switches_over_to_a_ready_updated_replica()
    {
        var actions = RolloutPlan.Next([Instance("a", primary: true), Instance("b", outdated: false), Instance("c", available: false, outdated: false)], specified: 3);
        // One specified instance (c) is unavailable already: nothing available is redeployed.
        Assert.Empty(actions);

        actions = RolloutPlan.Next([Instance("a", primary: true), Instance("b", outdated: false), Instance("c", outdated: false)], specified: 3);
        var switchover = Assert.IsType<SwitchoverFirst>(Assert.Single(actions));
        Assert.Equal(("a", "b-0"), (switchover.Target.Instance, switchover.Candidate));
    }

    [Fact]
    public void The_old_primary_is_deleted_once_it_is_a_replica()
    {
        var actions = RolloutPlan.Next([Instance("a"), Instance("b", primary: true, outdated: false)], specified: 2);
        Assert.Equal("a", Assert.IsType<DeletePod>(Assert.Single(actions)).Target.Instance);
    }

    [Fact]
    public void A_single_primary_is_deleted_without_a_switchover()
    {
        var actions = RolloutPlan.Next([Instance("a", primary: true)], specified: 1);
        Assert.IsType<DeletePod>(Assert.Single(actions));
    }

    [Fact]
    public void Unavailable_outdated_pods_are_all_redeployed_before_one_available_pod()
    {
        var actions = RolloutPlan.Next(
            [Instance("a", primary: true), Instance("b", available: false), Instance("c", available: false), Instance("d")], specified: 4);
        Assert.Equal(["b", "c"], actions.Select(action => action.Target.Instance));
    }

    [Fact]
    public void Nothing_moves_while_a_statefulset_has_not_observed_its_template()
    {
        // The replica's StatefulSet lags: the primary must not switch over to it (it is about to be rolled).
        Assert.Empty(RolloutPlan.Next([Instance("a", primary: true), Instance("b", outdated: null)], specified: 2));
    }

    [Fact]
    public void Terminating_pods_are_left_alone_and_count_as_unavailable()
    {
        var actions = RolloutPlan.Next([Instance("a", primary: true), Instance("b", terminating: true), Instance("c")], specified: 3);
        Assert.Empty(actions);
    }

    [Fact]
    public void Without_a_ready_updated_replica_patroni_chooses_the_candidate()
    {
        var actions = RolloutPlan.Next([Instance("a", primary: true), Instance("b")], specified: 1);
        // b is outdated and available, but with one instance specified the budget allows one: b goes first.
        Assert.Equal("b", Assert.Single(actions).Target.Instance);

        actions = RolloutPlan.Next([Instance("a", primary: true, outdated: true), Instance("b", outdated: false, available: false)], specified: 1);
        Assert.Equal((null as string, "a"), (Assert.IsType<SwitchoverFirst>(Assert.Single(actions)).Candidate, actions[0].Target.Instance));
    }
}
