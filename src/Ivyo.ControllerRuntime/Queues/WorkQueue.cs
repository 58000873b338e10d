using Ivyo.ControllerRuntime.Metrics;

namespace Ivyo.ControllerRuntime.Queues;

/// <summary>
/// A rate-limited work queue, as client-go's <c>workqueue.TypedRateLimitingInterface</c> (queue + delaying queue +
/// rate limiter in one):
/// <list type="bullet">
/// <item>an item waiting in the queue is there once, however often it is added (the <c>dirty</c> set);</item>
/// <item>an item is never handed to two workers at once: added again while being processed, it is queued again only
/// when <see cref="Done"/> is called for it (the <c>processing</c> set);</item>
/// <item><see cref="AddAfter"/> adds an item once a delay has passed on the <see cref="TimeProvider"/>; an item waiting
/// already keeps the earlier of its times;</item>
/// <item><see cref="AddRateLimited"/> delays by the item's exponential back-off; <see cref="Forget"/> resets it;</item>
/// <item>after <see cref="ShutDown"/> adds are ignored and pending delayed adds dropped, but items already queued are
/// still handed out; <see cref="GetAsync"/> reports shut-down once the queue is empty.
/// <see cref="ShutDownWithDrainAsync"/> also waits until every queued or processing item is done.</item>
/// </list>
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly Dictionary<T, DelayedAdd> _delayed = [];
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly ControllerRuntimeMetrics? _metrics;
    private bool _shuttingDown;
    private TaskCompletionSource? _drained;

    /// <summary>Creates an empty queue.</summary>
    public WorkQueue(WorkQueueOptions<T>? options = null)
    {
        options ??= new WorkQueueOptions<T>();
        _rateLimiter = options.RateLimiter ?? new ExponentialFailureRateLimiter<T>();
        _time = options.Time;
        _name = options.Name;
        _metrics = options.Metrics;
    }

    /// <summary>How many items wait to be handed out (not those processing, nor delayed adds).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>How many delayed adds are pending.</summary>
    internal int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _delayed.Count;
            }
        }
    }

    /// <summary>Whether <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> unless it is queued already; if it is processing, it is queued when done.</summary>
    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }

            _metrics?.QueueAdded(_name);
            if (_processing.Contains(item))
            {
                return;
            }

            EnqueueUnderLock(item);
        }
    }

    /// <summary>Adds <paramref name="item"/> after <paramref name="delay"/> (at once when not positive).</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(item, out var waiting))
            {
                if (waiting.Due <= due)
                {
                    return;
                }

                waiting.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => AddWhenDue(item, due), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _delayed[item] = new DelayedAdd(due, timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds <paramref name="item"/> after its back-off, which grows with every call until <see cref="Forget"/>.</summary>
    public void AddRateLimited(T item)
    {
        _metrics?.QueueRetried(_name);
        AddAfter(item, _rateLimiter.When(item));
    }

    /// <summary>Resets <paramref name="item"/>'s back-off (it does not remove the item from the queue).</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    /// <summary>How many rate-limited adds <paramref name="item"/> has had since it was last forgotten.</summary>
    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>
    /// The next item, marked processing until <see cref="Done"/>; waits while the queue is empty. Returns
    /// <c>ShutDown = true</c> (and no item) once the queue is shut down and empty.
    /// </summary>
    public async Task<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_lock)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _metrics?.QueueDepthChanged(_name, -1);
                    _processing.Add(item);
                    _dirty.Remove(item);
                    return (item, false);
                }

                if (_shuttingDown)
                {
                    return (default!, true);
                }

                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }

            using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
            {
                await waiter.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Marks <paramref name="item"/> done; if it was added while processing, it is queued again now.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                EnqueueUnderLock(item);
            }

            if (_drained is not null && _queue.Count == 0 && _processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Stops accepting items and drops pending delayed adds; waiting getters return once the queue is empty.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var waiting in _delayed.Values)
            {
                waiting.Timer.Dispose();
            }

            _delayed.Clear();
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetResult();
            }
        }
    }

    /// <summary>Shuts down, then waits until every item queued or processing has been handed out and marked done.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        ShutDown();
        lock (_lock)
        {
            if (_queue.Count == 0 && _processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => ShutDown();

    private void AddWhenDue(T item, DateTimeOffset due)
    {
        lock (_lock)
        {
            if (!_delayed.TryGetValue(item, out var waiting) || waiting.Due != due)
            {
                return;
            }

            _delayed.Remove(item);
            waiting.Timer.Dispose();
        }

        Add(item);
    }

    private void EnqueueUnderLock(T item)
    {
        _queue.Enqueue(item);
        _metrics?.QueueDepthChanged(_name, 1);
        while (_waiters.TryDequeue(out var waiter))
        {
            // A cancelled getter's waiter no longer listens: wake the next one instead.
            if (waiter.TrySetResult())
            {
                break;
            }
        }
    }

    private sealed record DelayedAdd(DateTimeOffset Due, ITimer Timer);
}
