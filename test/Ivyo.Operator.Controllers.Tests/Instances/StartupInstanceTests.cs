using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Instances;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.Instances;

public sealed class StartupInstanceTests
{
    private static V1Pod Pod(string instance, string? role) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = instance + "-0",
            Labels = new Dictionary<string, string>
            {
                ["ivory-operator.ivorysql.org/instance"] = instance,
                ["ivory-operator.ivorysql.org/instance-set"] = "instance1",
                ["ivory-operator.ivorysql.org/role"] = role ?? "replica",
            },
        },
    };

    private static IvoryCluster Cluster(bool shutdown) => new() { Metadata = new V1ObjectMeta { Name = "hippo" }, Spec = new IvoryClusterSpec { Shutdown = shutdown } };

    [Theory]
    [InlineData("master")]
    [InlineData("primary")]
    public void Shutting_down_records_the_primary(string role)
    {
        Assert.Equal(("hippo-instance1-bbbb", "instance1"),
            StartupInstance.Next(Cluster(shutdown: true), [Pod("hippo-instance1-aaaa", null), Pod("hippo-instance1-bbbb", role)], null, null));
    }

    [Fact]
    public void Without_a_known_primary_the_record_stays()
    {
        Assert.Equal(("x", "s"), StartupInstance.Next(Cluster(shutdown: true), [], "x", "s"));
        Assert.Equal(("x", "s"), StartupInstance.Next(Cluster(shutdown: false), [Pod("hippo-instance1-aaaa", null)], "x", "s"));
    }

    [Fact]
    public void A_primary_on_a_running_cluster_clears_the_record()
    {
        Assert.Equal((null as string, null as string), StartupInstance.Next(Cluster(shutdown: false), [Pod("hippo-instance1-aaaa", "master")], "hippo-instance1-aaaa", "instance1"));
    }
}
