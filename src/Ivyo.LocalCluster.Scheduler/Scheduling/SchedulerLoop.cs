using Ivyo.LocalCluster.Scheduler.Framework;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// The local cluster's kube-scheduler: watches nodes, pods (and namespaces, Services, ReplicaSets, StatefulSets,
/// ReplicationControllers for the plugins), queues the pods without <c>spec.nodeName</c> whose <c>schedulerName</c> is
/// this scheduler's (or empty) and that carry no scheduling gates, and schedules them one at a time through the
/// <see cref="SchedulingFramework"/>. A pod that fits is assumed onto its node and bound through <c>pods/binding</c>
/// (the API server sets nodeName and PodScheduled); one that does not gets PodScheduled=False/Unschedulable and a
/// FailedScheduling event, and waits in the <see cref="SchedulingQueue"/> for a node or assigned-pod change or its
/// backoff. Nothing is preempted.
/// </summary>
public sealed class SchedulerLoop(IKubernetes client, SchedulerOptions options, ILogger<SchedulerLoop>? logger = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly SchedulerCache _cache = new();
    private SchedulingQueue? _queue;

    /// <summary>The scheduler's view of the cluster.</summary>
    public SchedulerCache Cache => _cache;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queue = _queue = new SchedulingQueue(options, _time);
        var framework = new SchedulingFramework(SchedulerProfile.Default, options.TieBreakSeed is { } seed ? new Random(seed) : new Random());
        var recorder = new FailureRecorder(client, options, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nodes = Watch<V1Node, V1NodeList>("nodes",
            ct => client.CoreV1.ListNodeAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            items =>
            {
                _cache.ReplaceNodes(items);
                queue.MoveAllToActiveOrBackoff();
            },
            (type, node) =>
            {
                _cache.SetNode(node, type == WatchEventType.Deleted);
                queue.MoveAllToActiveOrBackoff();
            });
        var pods = Watch<V1Pod, V1PodList>("pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            items =>
            {
                _cache.ReplacePods(items);
                foreach (var pod in items)
                {
                    OnPod(queue, WatchEventType.Added, pod);
                }
            },
            (type, pod) =>
            {
                _cache.SetPod(pod, type == WatchEventType.Deleted);
                OnPod(queue, type, pod);
            });
        var others = new IRunnable[]
        {
            Watch<V1Namespace, V1NamespaceList>("namespaces",
                ct => client.CoreV1.ListNamespaceAsync(cancellationToken: ct),
                (rv, onError, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
                _cache.ReplaceNamespaces, (t, o) => _cache.SetNamespace(o, t == WatchEventType.Deleted)),
            Watch<V1Service, V1ServiceList>("services",
                ct => client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct),
                (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
                _cache.ReplaceServices, (t, o) => _cache.SetService(o, t == WatchEventType.Deleted)),
            Watch<V1ReplicaSet, V1ReplicaSetList>("replicasets",
                ct => client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct),
                (rv, onError, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
                _cache.ReplaceReplicaSets, (t, o) => _cache.SetReplicaSet(o, t == WatchEventType.Deleted)),
            Watch<V1StatefulSet, V1StatefulSetList>("statefulsets",
                ct => client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct),
                (rv, onError, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
                _cache.ReplaceStatefulSets, (t, o) => _cache.SetStatefulSet(o, t == WatchEventType.Deleted)),
            Watch<V1ReplicationController, V1ReplicationControllerList>("replicationcontrollers",
                ct => client.CoreV1.ListReplicationControllerForAllNamespacesAsync(cancellationToken: ct),
                (rv, onError, ct) => client.CoreV1.WatchListReplicationControllerForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
                _cache.ReplaceReplicationControllers, (t, o) => _cache.SetReplicationController(o, t == WatchEventType.Deleted)),
        };

        IRunnable[] all = [nodes, pods, .. others];
        var watches = all.Select(w => w.RunAsync(stop.Token)).ToList();
        try
        {
            await Task.WhenAll(nodes.Synced, pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await queue.PopAsync(cancellationToken).ConfigureAwait(false);
                await ScheduleOneAsync(queue, framework, recorder, next, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watches).ConfigureAwait(false);
        }
    }

    /// <summary>The scheduling queue's sizes, or zeros before <see cref="RunAsync"/>.</summary>
    public (int Active, int Backoff, int Unschedulable) QueueCounts() => _queue?.Counts() ?? (0, 0, 0);

    private bool Responsible(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.SchedulerName) || pod.Spec.SchedulerName == options.SchedulerName;

    private static bool Pending(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName)
        && pod.Metadata?.DeletionTimestamp is null
        && pod.Status?.Phase is not ("Succeeded" or "Failed")
        && pod.Spec?.SchedulingGates is not { Count: > 0 };

    private void OnPod(SchedulingQueue queue, WatchEventType type, V1Pod pod)
    {
        var key = SchedulerCache.Key(pod);
        if (type == WatchEventType.Deleted)
        {
            queue.Delete(key);
            if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
            {
                queue.MoveAllToActiveOrBackoff();
            }

            return;
        }

        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            queue.Delete(key);
            queue.MoveAllToActiveOrBackoff();
            return;
        }

        if (Responsible(pod) && Pending(pod))
        {
            queue.AddOrUpdate(pod);
        }
        else
        {
            queue.Delete(key);
        }
    }

    private async Task ScheduleOneAsync(SchedulingQueue queue, SchedulingFramework framework, FailureRecorder recorder, QueuedPod queued, CancellationToken cancellationToken)
    {
        var pod = _cache.Pod(queued.Key);
        if (pod is null || !Pending(pod) || !Responsible(pod))
        {
            queue.Done(queued.Key);
            return;
        }

        var result = framework.Schedule(pod, _cache.Snapshot());
        if (result.SelectedNode is { } node)
        {
            _cache.Assume(pod, node);
            try
            {
                await client.CoreV1.CreateNamespacedPodBindingAsync(
                    new V1Binding
                    {
                        Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
                        Target = new V1ObjectReference { Kind = "Node", ApiVersion = "v1", Name = node },
                    },
                    pod.Metadata.Name,
                    pod.Metadata.NamespaceProperty,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                queue.Done(queued.Key);
                _logger.Bound(pod.Metadata.NamespaceProperty, pod.Metadata.Name, node);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failed binding is retried after backoff, as kube-scheduler's binding cycle does.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _cache.Forget(pod);
                _logger.BindFailed(e, pod.Metadata.NamespaceProperty, pod.Metadata.Name, node);
                queue.AddUnschedulable(queued, retry: true);
            }

            return;
        }

        var message = result.FailureMessage;
        _logger.Unschedulable(pod.Metadata.NamespaceProperty, pod.Metadata.Name, message);
        queue.AddUnschedulable(queued);
        try
        {
            await recorder.RecordAsync(pod, message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Recording is best effort; the pod stays queued either way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.RecordFailed(e, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        }
    }

    private ListWatch<T, TList> Watch<T, TList>(
        string resource,
        Func<CancellationToken, Task<TList>> list,
        Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        Action<IList<T>> replace,
        Action<WatchEventType, T> apply)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IKubernetesObject<V1ListMeta>, IItems<T> =>
        new(resource, list, watch, replace, apply, options, _time, _logger);
}
