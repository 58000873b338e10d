using Ivyo.LocalCluster.Scheduler.Framework;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Tests;

/// <summary>Schedules pods one after another through the framework, each placed pod becoming part of the next snapshot.</summary>
internal sealed class Simulation(IEnumerable<V1Node> nodes, int seed = 1)
{
    private readonly SchedulingFramework _framework = new(SchedulerProfile.Default, new Random(seed));

    public List<V1Node> Nodes { get; } = nodes.ToList();

    public List<V1Pod> Pods { get; } = [];

    public ClusterSnapshot Snapshot => new() { Nodes = Nodes, Pods = Pods };

    public ScheduleResult Schedule(V1Pod pod, ClusterSnapshot? snapshot = null)
    {
        var result = _framework.Schedule(pod, snapshot ?? Snapshot);
        if (result.Succeeded)
        {
            pod.Spec.NodeName = result.SelectedNode;
            Pods.Add(pod);
        }

        return result;
    }

    public string Place(V1Pod pod)
    {
        var result = Schedule(pod);
        Assert.True(result.Succeeded, result.FailureMessage);
        return result.SelectedNode!;
    }

    public Dictionary<string, int> PodsPerNode() =>
        Nodes.ToDictionary(n => n.Metadata.Name, n => Pods.Count(p => p.Spec.NodeName == n.Metadata.Name));
}
