using System.Net;
using Ivyo.LocalCluster.Hosting.Nodes;
using Ivyo.LocalCluster.Networking.Partitions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Hosting.Faults;

/// <summary>
/// Fault injection for tests, benchmarks and the chaos suite: kill a container's main process (the node agent
/// restarts it per <c>restartPolicy</c>); stop a node as a power cut and start it again; partition a pod, or a whole
/// node, from every other pod and from the API server, and heal it. <c>ivyo local</c> serves the same operations on
/// its control socket.
/// </summary>
public sealed class ClusterFaults(Kubernetes client, IReadOnlyList<ClusterNode> nodes, NetworkPartitions partitions, ILogger<ClusterFaults> logger)
{
    /// <summary>
    /// SIGKILLs the main process of <paramref name="container"/> (default: the pod's default container, as kubectl
    /// picks it) and returns its name; the node agent sees it exit with 137 and restarts it per restartPolicy.
    /// </summary>
    public async Task<string> KillContainerAsync(string ns, string pod, string? container = null, CancellationToken cancellationToken = default)
    {
        var found = await ReadPodAsync(ns, pod, cancellationToken);
        var name = container ?? DefaultContainer(found);
        if (!(found.Spec.Containers ?? []).Concat(found.Spec.InitContainers ?? []).Any(c => c.Name == name))
        {
            throw new FaultException($"pod {ns}/{pod} has no container {name}");
        }

        var node = NodeOf(found);
        var process = node.Agent?.Containers.Find(ns, pod, name)?.Process;
        if (process is not { IsRunning: true })
        {
            throw new FaultException($"container {name} of pod {ns}/{pod} is not running");
        }

        FaultLog.Killed(logger, ns, pod, name, process.MainProcessId);
        try
        {
            using var main = System.Diagnostics.Process.GetProcessById(process.MainProcessId);
            main.Kill();
        }
        catch (ArgumentException)
        {
            // It ended on its own just now: the restart follows either way.
        }

        return name;
    }

    /// <summary>Stops a node as a power cut would: its pods' processes die at once and it stops heartbeating.</summary>
    public async Task StopNodeAsync(string node)
    {
        if (!await Find(node).StopAsync())
        {
            throw new FaultException($"node {node} is stopped already");
        }

        FaultLog.NodeStopped(logger, node);
    }

    /// <summary>Starts a stopped node again: it registers under its name and runs the pods still bound to it.</summary>
    public async Task StartNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        if (!await Find(node).StartAsync(cancellationToken))
        {
            throw new FaultException($"node {node} runs already");
        }

        FaultLog.NodeStarted(logger, node);
    }

    /// <summary>Cuts a pod (its current address) off from every other pod and from the API server.</summary>
    public async Task PartitionPodAsync(string ns, string pod, CancellationToken cancellationToken = default)
    {
        var found = await ReadPodAsync(ns, pod, cancellationToken);
        if (found.Status?.PodIP is not { Length: > 0 } ip)
        {
            throw new FaultException($"pod {ns}/{pod} has no IP yet");
        }

        await partitions.IsolateAsync(PodPartition(ns, pod), [new IPNetwork(IPAddress.Parse(ip), 32)], cancellationToken);
        FaultLog.Partitioned(logger, PodPartition(ns, pod));
    }

    /// <summary>
    /// Cuts a node off: its pods (its whole pod range) reach only each other, and its node agent loses the API server,
    /// so it cannot heartbeat and goes NotReady while its pods keep running.
    /// </summary>
    public async Task PartitionNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        var found = Find(node);
        await partitions.IsolateAsync(NodePartition(node), [found.PodRange], cancellationToken);
        found.Link.Cut();
        FaultLog.Partitioned(logger, NodePartition(node));
    }

    /// <summary>Heals a pod's partition; false when it had none.</summary>
    public async Task<bool> HealPodAsync(string ns, string pod, CancellationToken cancellationToken = default) =>
        await partitions.HealAsync(PodPartition(ns, pod), cancellationToken);

    /// <summary>Heals a node's partition; false when it had none.</summary>
    public async Task<bool> HealNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        var found = Find(node);
        var healed = await partitions.HealAsync(NodePartition(node), cancellationToken) | found.Link.IsCut;
        found.Link.Restore();
        return healed;
    }

    /// <summary>Heals every partition.</summary>
    public async Task HealAllAsync(CancellationToken cancellationToken = default)
    {
        await partitions.HealAllAsync(cancellationToken);
        foreach (var node in nodes)
        {
            node.Link.Restore();
        }
    }

    /// <summary>The partitions in force: <c>pod/&lt;ns&gt;/&lt;name&gt;</c> and <c>node/&lt;name&gt;</c>.</summary>
    public IReadOnlyList<string> Partitions => partitions.Names;

    /// <summary>Every node with whether it runs.</summary>
    public IReadOnlyList<(string Node, bool Running)> Nodes => [.. nodes.Select(n => (n.Name, n.IsRunning))];

    private static string PodPartition(string ns, string pod) => $"pod/{ns}/{pod}";

    private static string NodePartition(string node) => $"node/{node}";

    private ClusterNode Find(string node) => nodes.FirstOrDefault(n => n.Name == node) ?? throw new FaultException($"there is no node {node}");

    private ClusterNode NodeOf(V1Pod pod) => pod.Spec.NodeName is { Length: > 0 } node
        ? Find(node)
        : throw new FaultException($"pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} is not scheduled");

    private async Task<V1Pod> ReadPodAsync(string ns, string pod, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedPodAsync(pod, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FaultException($"there is no pod {ns}/{pod}");
        }
    }

    /// <summary>kubectl's choice: the <c>kubectl.kubernetes.io/default-container</c> annotation, else the first container.</summary>
    private static string DefaultContainer(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue("kubectl.kubernetes.io/default-container", out var annotated) == true && annotated is { Length: > 0 }
            ? annotated
            : pod.Spec.Containers[0].Name;
}

internal static partial class FaultLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault: killed container {Container} of pod {Namespace}/{Pod} (process {ProcessId})")]
    public static partial void Killed(ILogger logger, string @namespace, string pod, string container, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault: node {Node} stopped (power cut)")]
    public static partial void NodeStopped(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault: node {Node} started again")]
    public static partial void NodeStarted(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault: partitioned {Partition}")]
    public static partial void Partitioned(ILogger logger, string partition);
}
