using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Tests.Support;

namespace Ivyo.Operator.Tests.Instances;

public sealed class InstanceNamesTests
{
    [Fact]
    public void Five_replicas_give_five_distinct_instances()
    {
        var plan = InstanceNames.Plan(TestClusters.Hippo(replicas: 5), new Dictionary<string, IReadOnlyList<string>>(), new SeededRandomSource(3));
        Assert.Equal(5, plan.Select(instance => instance.Name).Distinct().Count());
        Assert.All(plan, instance => Assert.StartsWith("hippo-instance1-", instance.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Existing_instances_are_kept_and_orphaned_names_reused_before_new_ones()
    {
        var existing = new Dictionary<string, IReadOnlyList<string>> { ["instance1"] = ["hippo-instance1-aaaa"] };
        var reusable = new Dictionary<string, IReadOnlyList<string>> { ["instance1"] = ["hippo-instance1-zj5s"] };
        var plan = InstanceNames.Plan(TestClusters.Hippo(replicas: 3), existing, new SeededRandomSource(3), reusable);
        Assert.Equal("hippo-instance1-aaaa", plan[0].Name);
        Assert.Equal("hippo-instance1-zj5s", plan[1].Name);
        Assert.DoesNotContain(plan[2].Name, new[] { "hippo-instance1-aaaa", "hippo-instance1-zj5s" });
    }

    [Fact]
    public void Each_instance_set_is_planned()
    {
        var cluster = TestClusters.Hippo(replicas: 1);
        cluster.Spec.Instances.Add(new InstanceSet { Name = "instance2", Replicas = 2, DataVolumeClaimSpec = TestClusters.Claim("1Gi") });
        var plan = InstanceNames.Plan(cluster, new Dictionary<string, IReadOnlyList<string>>(), new SeededRandomSource(3));
        Assert.Equal(["instance1", "instance2", "instance2"], plan.Select(instance => instance.SetName));
    }
}
