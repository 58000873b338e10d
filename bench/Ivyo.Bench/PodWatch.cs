using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// Follows the pods of one namespace with a KubernetesClient watch (admin, same process) and records, per pod name,
/// the <see cref="Stopwatch"/> timestamp at which each milestone first arrived: bound to a node, phase Running,
/// condition Ready, deleted. The latest pod object is kept too. A watch that ends is reopened from the last
/// resourceVersion seen.
/// </summary>
public sealed class PodWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(10);

    private readonly Kubernetes _client;
    private readonly string _namespace;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PodMilestones> _pods = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;
    private Exception? _failure;

    private PodWatch(Kubernetes client, string ns)
    {
        _client = client;
        _namespace = ns;
    }

    /// <summary>Lists the namespace's pods and watches from there; returns once the watch has been requested.</summary>
    public static async Task<PodWatch> StartAsync(Kubernetes client, string ns, CancellationToken cancellationToken)
    {
        var watch = new PodWatch(client, ns);
        var list = await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken);
        foreach (var pod in list.Items)
        {
            watch.Record(WatchEventType.Added, pod, Stopwatch.GetTimestamp());
        }

        watch._watching = Task.Run(() => watch.WatchAsync(list.Metadata.ResourceVersion, watch._stop.Token), CancellationToken.None);
        return watch;
    }

    /// <summary>What has been seen of <paramref name="name"/>, or null.</summary>
    public PodMilestones? Of(string name)
    {
        lock (_lock)
        {
            return _pods.GetValueOrDefault(name);
        }
    }

    /// <summary>Every pod seen so far.</summary>
    public IReadOnlyList<PodMilestones> All()
    {
        lock (_lock)
        {
            return [.. _pods.Values];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for <paramref name="name"/>'s milestones.</summary>
    public Task<PodMilestones> WaitAsync(string name, Func<PodMilestones, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(() => Of(name) is { } seen && condition(seen) ? seen : null, $"pod {name} {what}", timeout, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds for every one of <paramref name="names"/>.</summary>
    public Task<IReadOnlyList<PodMilestones>> WaitAllAsync(IReadOnlyCollection<string> names, Func<PodMilestones, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync<IReadOnlyList<PodMilestones>>(() =>
        {
            var seen = names.Select(Of).ToList();
            return seen.All(m => m is not null && condition(m)) ? seen.Select(m => m!).ToList() : null;
        }, $"all {names.Count} pods {what} (the last: {names.LastOrDefault()})", timeout, cancellationToken);

    private async Task<T> WaitAsync<T>(Func<T?> check, string what, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            if (check() is { } done)
            {
                return done;
            }

            if (Volatile.Read(ref _failure) is { } failure)
            {
                throw new InvalidOperationException($"The pod watch of {_namespace} failed while waiting until {what}.", failure);
            }

            if (waiting.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    private async Task WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync(
                    _namespace, resourceVersion: resourceVersion, cancellationToken: cancellationToken))
                {
                    var arrived = Stopwatch.GetTimestamp();
                    if (type == WatchEventType.Error)
                    {
                        throw new InvalidOperationException($"The pod watch of {_namespace} got an error event.");
                    }

                    resourceVersion = pod.Metadata.ResourceVersion ?? resourceVersion;
                    if (type != WatchEventType.Bookmark)
                    {
                        Record(type, pod, arrived);
                    }
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ends with whatever cancelling its HTTP response throws.
        }
#pragma warning disable CA1031 // Kept and rethrown to whoever waits.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _failure, e);
        }
    }

    private void Record(WatchEventType type, V1Pod pod, long arrived)
    {
        lock (_lock)
        {
            var name = pod.Metadata.Name;
            var seen = _pods.GetValueOrDefault(name) ?? new PodMilestones(name, pod);
            if (seen.Latest.Metadata.Uid != pod.Metadata.Uid)
            {
                seen = new PodMilestones(name, pod); // A new pod under an old name starts afresh.
            }

            var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
            _pods[name] = seen with
            {
                Latest = pod,
                Bound = seen.Bound ?? (string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : arrived),
                Running = seen.Running ?? (pod.Status?.Phase == "Running" ? arrived : null),
                Ready = seen.Ready ?? (ready ? arrived : null),
                Deleted = seen.Deleted ?? (type == WatchEventType.Deleted ? arrived : null),
            };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
