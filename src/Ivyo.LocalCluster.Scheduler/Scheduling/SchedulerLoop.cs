using Ivyo.ControllerRuntime.Informers;
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
public sealed class SchedulerLoop(Kubernetes client, SchedulerOptions options, ILogger<SchedulerLoop>? logger = null, TimeProvider? time = null, ILogger<ResourceInformer>? informerLogger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly ILogger<ResourceInformer>? _informerLogger = informerLogger;
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
        var nodes = Follow<V1Node>(namespaced: false, (type, node) =>
        {
            _cache.SetNode(node, type == WatchEventType.Deleted);
            queue.MoveAllToActiveOrBackoff();
        });
        var pods = Follow<V1Pod>(namespaced: true, (type, pod) =>
        {
            _cache.SetPod(pod, type == WatchEventType.Deleted);
            OnPod(queue, type, pod);
        });
        ResourceInformer[] all =
        [
            nodes.Untyped,
            pods.Untyped,
            Follow<V1Namespace>(namespaced: false, (t, o) => _cache.SetNamespace(o, t == WatchEventType.Deleted)).Untyped,
            Follow<V1Service>(namespaced: true, (t, o) => _cache.SetService(o, t == WatchEventType.Deleted)).Untyped,
            Follow<V1ReplicaSet>(namespaced: true, (t, o) => _cache.SetReplicaSet(o, t == WatchEventType.Deleted)).Untyped,
            Follow<V1StatefulSet>(namespaced: true, (t, o) => _cache.SetStatefulSet(o, t == WatchEventType.Deleted)).Untyped,
            Follow<V1ReplicationController>(namespaced: true, (t, o) => _cache.SetReplicationController(o, t == WatchEventType.Deleted)).Untyped,
        ];
        var watches = all.Select(w => w.RunAsync(stop.Token)).ToList();
        try
        {
            await Task.WhenAll(nodes.WaitForSyncAsync(cancellationToken), pods.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
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

    /// <summary>
    /// A shared-runtime informer for <typeparamref name="T"/> whose adds, updates and deletes (synthetic ones after a
    /// relist included) go to <paramref name="apply"/>, as the scheduler's event handlers.
    /// </summary>
    private Informer<T> Follow<T>(bool namespaced, Action<WatchEventType, T> apply)
        where T : IKubernetesObject
    {
        var informer = new Informer<T>(client, namespaced, logger: _informerLogger, time: _time);
        informer.AddEventHandler(new ResourceEventHandler<T>
        {
            Added = o => apply(WatchEventType.Added, o),
            Updated = (_, o) => apply(WatchEventType.Modified, o),
            Deleted = o => apply(WatchEventType.Deleted, o),
        });
        return informer;
    }
}
