namespace Ivyo.ControllerRuntime.Timing;

/// <summary>
/// The running state of a <see cref="BackoffPolicy"/>: each <see cref="Next"/> waits longer, <see cref="Reset"/>
/// starts over after a success, as client-go's exponential back-off manager does. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class Backoff(BackoffPolicy policy)
{
    private int _failures;

    /// <summary>The next delay; each call counts one more failure.</summary>
    public TimeSpan Next() => policy.Delay(_failures++, Random.Shared.NextDouble());

    /// <summary>Forgets the failures after a success.</summary>
    public void Reset() => _failures = 0;
}
