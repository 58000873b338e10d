namespace Ivyo.ControllerRuntime.Queues;

/// <summary>How long an item waits before its next retry, as client-go's <c>workqueue.TypedRateLimiter</c>.</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay before the next retry of <paramref name="item"/>; counts one more failure.</summary>
    TimeSpan When(T item);

    /// <summary>Forgets <paramref name="item"/>'s failures (after a success).</summary>
    void Forget(T item);

    /// <summary>How many failures <paramref name="item"/> has had since it was last forgotten.</summary>
    int NumRequeues(T item);
}
