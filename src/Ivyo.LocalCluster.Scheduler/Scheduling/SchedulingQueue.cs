using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// The pending pods, as kube-scheduler's PriorityQueue: <em>activeQ</em> (popped by priority, then first in first
/// out), <em>backoffQ</em> (failed pods waiting out <c>initial * 2^(attempts-1)</c>, capped) and
/// <em>unschedulablePods</em> (waiting for a cluster change). A cluster event moves every unschedulable pod to
/// backoffQ, or to activeQ when its backoff is over; one still unschedulable after
/// <see cref="SchedulerOptions.MaxInUnschedulablePods"/> is moved too. A pod that fails while a move happened during
/// its cycle goes to backoffQ instead of unschedulablePods, so the event is not missed. A pod changed by its owner
/// (not just its status) leaves unschedulablePods at once.
/// </summary>
public sealed class SchedulingQueue(SchedulerOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, QueuedPod> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _inFlight = new(StringComparer.Ordinal);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _moveCycle;

    /// <summary>Adds a new pending pod, or refreshes the one already queued.</summary>
    public void AddOrUpdate(V1Pod pod)
    {
        var key = SchedulerCache.Key(pod);
        lock (_lock)
        {
            if (_inFlight.TryGetValue(key, out var flying))
            {
                _inFlight[key] = flying with { Pod = pod };
                return;
            }

            if (_unschedulable.TryGetValue(key, out var waiting))
            {
                if (OwnerChanged(waiting.Pod, pod))
                {
                    _unschedulable.Remove(key);
                    Requeue(waiting with { Pod = pod });
                }
                else
                {
                    _unschedulable[key] = waiting with { Pod = pod };
                }

                return;
            }

            if (_backoff.TryGetValue(key, out var backingOff))
            {
                _backoff[key] = backingOff with { Pod = pod };
                return;
            }

            _active[key] = _active.TryGetValue(key, out var active)
                ? active with { Pod = pod }
                : new QueuedPod(pod, key, ++_sequence, 0, time.GetUtcNow());
            Signal();
        }
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            _active.Remove(key);
            _backoff.Remove(key);
            _unschedulable.Remove(key);
            _inFlight.Remove(key);
        }
    }

    /// <summary>A cluster event that may make unschedulable pods fit: they move to backoffQ or activeQ.</summary>
    public void MoveAllToActiveOrBackoff()
    {
        lock (_lock)
        {
            _moveCycle++;
            foreach (var pod in _unschedulable.Values.ToList())
            {
                _unschedulable.Remove(pod.Key);
                Requeue(pod);
            }
        }
    }

    /// <summary>Waits for the next pod to schedule; it stays in flight until <see cref="Done"/> or <see cref="AddUnschedulable"/>.</summary>
    public async Task<QueuedPod> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            TimeSpan wait;
            lock (_lock)
            {
                Flush();
                var next = _active.Values.OrderByDescending(p => p.Priority).ThenBy(p => p.Sequence).FirstOrDefault();
                if (next is not null)
                {
                    _active.Remove(next.Key);
                    var flying = next with { Attempts = next.Attempts + 1, MoveCycle = _moveCycle };
                    _inFlight[next.Key] = flying;
                    return flying;
                }

                signal = _signal.Task;
                wait = NextWake();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, time, timeout.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The pod was bound (or vanished): it leaves the queue.</summary>
    public void Done(string key)
    {
        lock (_lock)
        {
            _inFlight.Remove(key);
        }
    }

    /// <summary>The pod failed this cycle: unschedulablePods, or backoffQ when a move request came while it was in flight or <paramref name="retry"/>.</summary>
    public void AddUnschedulable(QueuedPod pod, bool retry = false)
    {
        lock (_lock)
        {
            if (!_inFlight.Remove(pod.Key, out var flying))
            {
                return;
            }

            var failed = flying with { Timestamp = time.GetUtcNow() };
            if (retry || _moveCycle > flying.MoveCycle)
            {
                _backoff[pod.Key] = failed;
                Signal();
            }
            else
            {
                _unschedulable[pod.Key] = failed;
            }
        }
    }

    /// <summary>The number of pods in each sub-queue, for tests and diagnostics.</summary>
    public (int Active, int Backoff, int Unschedulable) Counts()
    {
        lock (_lock)
        {
            return (_active.Count, _backoff.Count, _unschedulable.Count);
        }
    }

    private void Requeue(QueuedPod pod)
    {
        if (BackoffExpiry(pod) <= time.GetUtcNow())
        {
            _active[pod.Key] = pod;
        }
        else
        {
            _backoff[pod.Key] = pod;
        }

        Signal();
    }

    private void Flush()
    {
        var now = time.GetUtcNow();
        foreach (var pod in _backoff.Values.Where(p => BackoffExpiry(p) <= now).ToList())
        {
            _backoff.Remove(pod.Key);
            _active[pod.Key] = pod;
        }

        foreach (var pod in _unschedulable.Values.Where(p => now - p.Timestamp >= options.MaxInUnschedulablePods).ToList())
        {
            _unschedulable.Remove(pod.Key);
            Requeue(pod);
        }
    }

    private TimeSpan NextWake()
    {
        var now = time.GetUtcNow();
        var wakes = _backoff.Values.Select(BackoffExpiry)
            .Concat(_unschedulable.Values.Select(p => p.Timestamp + options.MaxInUnschedulablePods))
            .ToList();
        if (wakes.Count == 0)
        {
            return options.MaxInUnschedulablePods;
        }

        var wait = wakes.Min() - now;
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    private DateTimeOffset BackoffExpiry(QueuedPod pod)
    {
        var backoff = options.InitialBackoff;
        for (var i = 1; i < pod.Attempts && backoff < options.MaxBackoff; i++)
        {
            backoff *= 2;
        }

        return pod.Timestamp + (backoff > options.MaxBackoff ? options.MaxBackoff : backoff);
    }

    private void Signal()
    {
        var previous = _signal;
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    /// <summary>kube-scheduler's <c>isPodUpdated</c>: a change besides status, resourceVersion, generation and managed fields.</summary>
    private static bool OwnerChanged(V1Pod old, V1Pod updated) => Strip(old) != Strip(updated);

    private static string Strip(V1Pod pod)
    {
        var copy = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
        copy.Status = null;
        copy.Metadata.ResourceVersion = null;
        copy.Metadata.Generation = null;
        copy.Metadata.ManagedFields = null;
        return KubernetesJson.Serialize(copy);
    }
}
