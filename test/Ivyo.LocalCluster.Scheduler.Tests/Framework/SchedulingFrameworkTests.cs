using Ivyo.LocalCluster.Scheduler.Framework;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Framework;

public sealed class SchedulingFrameworkTests
{
    [Fact]
    public void Ties_are_broken_by_the_injected_random_so_a_seed_repeats_its_choice()
    {
        var chosen = new HashSet<string>();
        for (var seed = 0; seed < 30; seed++)
        {
            var first = new Simulation([Node("a"), Node("b"), Node("c")], seed).Place(Pod("web"));
            var again = new Simulation([Node("a"), Node("b"), Node("c")], seed).Place(Pod("web"));
            Assert.Equal(first, again);
            chosen.Add(first);
        }

        Assert.Equal(3, chosen.Count);
    }

    [Fact]
    public void Without_nodes_the_failure_is_no_nodes_available()
    {
        var result = new SchedulingFramework(SchedulerProfile.Default, new Random(1)).Schedule(Pod("web"), new ClusterSnapshot());

        Assert.False(result.Succeeded);
        Assert.Null(result.Error);
        Assert.Equal("no nodes available to schedule pods", result.FailureMessage);
    }

    [Fact]
    public void Weighted_scores_of_every_default_plugin_are_reported_for_each_feasible_node()
    {
        var framework = new SchedulingFramework(SchedulerProfile.Default, new Random(1));
        var result = framework.Schedule(Pod("web", cpu: "1"), new ClusterSnapshot { Nodes = [Node("a"), Node("b")] });

        Assert.Equal(2, result.Scores.Count);
        var scores = result.Scores[0].Scores;
        Assert.Equal(300, scores["TaintToleration"]);
        Assert.Equal(["NodeResourcesBalancedAllocation", "NodeResourcesFit", "TaintToleration"], scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(87, scores["NodeResourcesBalancedAllocation"]);
        Assert.Equal((75 + 97) / 2, scores["NodeResourcesFit"]);
        Assert.Equal(scores.Values.Sum(), result.Scores[0].TotalScore);
    }
}
