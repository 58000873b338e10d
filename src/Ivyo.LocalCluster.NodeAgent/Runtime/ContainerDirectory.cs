using System.Collections.Concurrent;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>Where the kubelet API finds a pod's containers: the running process and the log file of each.</summary>
public sealed class ContainerDirectory
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Container), ContainerProcess> _containers = new();

    public void Register(string ns, string pod, string container, ContainerProcess process) => _containers[(ns, pod, container)] = process;

    public void Remove(string ns, string pod, string container) => _containers.TryRemove((ns, pod, container), out _);

    public ContainerProcess? Find(string ns, string pod, string container) =>
        _containers.TryGetValue((ns, pod, container), out var process) ? process : null;
}
