using System.Collections.Concurrent;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// Where the kubelet API finds a pod's containers: for each, its current instance (running, or the last one that
/// exited, as a container in CrashLoopBackOff still is) and the instance before it (<c>kubectl logs --previous</c>),
/// each with its log file.
/// </summary>
public sealed class ContainerDirectory
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Container), Instances> _containers = new();

    /// <summary>A new instance of the container started; the current one becomes the previous.</summary>
    public void Register(string ns, string pod, string container, ContainerProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var started = new ContainerInstance(process.LogPath, process);
        _containers.AddOrUpdate((ns, pod, container), _ => new Instances(started, null), (_, old) => new Instances(started, old.Current.Exited()));
    }

    /// <summary>The container's current instance exited (its process is gone; its log stays readable).</summary>
    public void Exited(string ns, string pod, string container)
    {
        if (_containers.TryGetValue((ns, pod, container), out var instances))
        {
            _containers.TryUpdate((ns, pod, container), instances with { Current = instances.Current.Exited() }, instances);
        }
    }

    /// <summary>The pod is gone: its containers and logs with it.</summary>
    public void Remove(string ns, string pod, string container) => _containers.TryRemove((ns, pod, container), out _);

    /// <summary>The current instance, running or exited, or null before the container first started.</summary>
    public ContainerInstance? Find(string ns, string pod, string container) =>
        _containers.TryGetValue((ns, pod, container), out var instances) ? instances.Current : null;

    /// <summary>The instance before the current one, or null.</summary>
    public ContainerInstance? FindPrevious(string ns, string pod, string container) =>
        _containers.TryGetValue((ns, pod, container), out var instances) ? instances.Previous : null;

    private sealed record Instances(ContainerInstance Current, ContainerInstance? Previous);
}

/// <summary>One run of a container: its log, and its process while it runs.</summary>
public sealed record ContainerInstance(string LogPath, ContainerProcess? Process)
{
    public bool IsRunning => Process is { } process && process.IsRunning;

    internal ContainerInstance Exited() => this with { Process = null };
}
