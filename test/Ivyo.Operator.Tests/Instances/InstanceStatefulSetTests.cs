using Ivyo.Operator.Instances;
using Ivyo.Operator.Tests.Support;

namespace Ivyo.Operator.Tests.Instances;

public sealed class InstanceStatefulSetTests
{
    [Theory]
    [InlineData(null, false, "a", 2, 1)]
    [InlineData(null, true, "a", 2, 0)]
    [InlineData("a", false, "a", 2, 1)]
    [InlineData("a", false, "b", 2, 0)]
    [InlineData("a", true, "a", 2, 1)]
    [InlineData("a", true, "a", 1, 0)]
    public void Startup_instance_starts_first_and_stops_last(string? startup, bool shutdown, string instance, int running, int expected)
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Shutdown = shutdown;
        cluster.Status = new() { StartupInstance = startup };
        Assert.Equal(expected, InstanceStatefulSet.Replicas(cluster, instance, running));
    }
}
