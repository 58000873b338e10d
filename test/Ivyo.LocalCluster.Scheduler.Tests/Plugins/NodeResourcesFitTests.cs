using Ivyo.LocalCluster.Scheduler.Framework;
using k8s.Models;
using static Ivyo.LocalCluster.Scheduler.Tests.TestObjects;

namespace Ivyo.LocalCluster.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    [Fact]
    public void Every_insufficient_resource_is_a_reason()
    {
        var result = new Simulation([Node("small", cpu: "1", memory: "1Gi")]).Schedule(Pod("big", cpu: "2", memory: "2Gi"));

        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
            result.FailureMessage);
    }

    [Fact]
    public void Requests_of_pods_already_on_the_node_are_subtracted_from_allocatable()
    {
        var cluster = new Simulation([Node("a", cpu: "2")]);
        cluster.Place(Pod("first", cpu: "1500m"));

        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
            cluster.Schedule(Pod("second", cpu: "1")).FailureMessage);
        Assert.True(cluster.Schedule(Pod("third", cpu: "500m")).Succeeded);
    }

    [Fact]
    public void The_pod_count_is_checked_even_for_pods_without_requests()
    {
        var cluster = new Simulation([Node("a", pods: 1)]);
        cluster.Place(Pod("first"));

        Assert.Equal(
            "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
            cluster.Schedule(Pod("second")).FailureMessage);
    }

    [Fact]
    public void A_pod_without_requests_fits_a_node_whose_cpu_is_fully_requested()
    {
        var cluster = new Simulation([Node("a", cpu: "1")]);
        cluster.Place(Pod("hog", cpu: "1"));

        Assert.True(cluster.Schedule(Pod("best-effort")).Succeeded);
    }

    [Fact]
    public void Least_allocated_scoring_prefers_the_emptier_node()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var cluster = new Simulation([Node("busy"), Node("idle")], seed);
            cluster.Pods.Add(Pod("hog", cpu: "3", memory: "6Gi").OnNode("busy"));

            Assert.Equal("idle", cluster.Place(Pod("web", cpu: "100m", memory: "128Mi")));
        }
    }

    [Fact]
    public void Pod_requests_take_the_largest_init_container_and_add_sidecars_and_overhead()
    {
        var pod = Pod("p", cpu: "1", memory: "1Gi");
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "setup", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") } } },
            new V1Container { Name = "proxy", RestartPolicy = "Always", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("64Mi") } } },
        ];
        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m") };

        var requests = PodRequests.Of(pod);

        Assert.Equal(2010, requests.MilliCpu);
        Assert.Equal((1024L + 64) * 1024 * 1024, requests.Memory);
        Assert.Equal(PodRequests.DefaultMilliCpuRequest, PodRequests.NonZeroOf(Pod("empty")).MilliCpu);
        Assert.Equal(PodRequests.DefaultMemoryRequest, PodRequests.NonZeroOf(Pod("empty")).Memory);
        Assert.Equal(0, PodRequests.Of(Pod("empty")).MilliCpu);
    }
}
