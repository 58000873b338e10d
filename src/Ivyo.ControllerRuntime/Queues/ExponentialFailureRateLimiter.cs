namespace Ivyo.ControllerRuntime.Queues;

/// <summary>
/// Per-item exponential back-off, as client-go's <c>ItemExponentialFailureRateLimiter</c>: the n-th failure of an
/// item waits <c>BaseDelay·2^n</c>, at most <c>MaxDelay</c> (client-go's controller defaults: 5ms and 1000s).
/// Thread-safe.
/// </summary>
public sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures = [];

    /// <summary>client-go's default: 5ms doubling up to 1000s.</summary>
    public ExponentialFailureRateLimiter()
        : this(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000))
    {
    }

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        int failures;
        lock (_lock)
        {
            _failures.TryGetValue(item, out failures);
            _failures[item] = failures + 1;
        }

        var delay = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 62));
        return delay >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(delay);
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    /// <inheritdoc />
    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.TryGetValue(item, out var failures) ? failures : 0;
        }
    }
}
