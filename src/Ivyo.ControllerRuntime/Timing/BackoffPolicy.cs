namespace Ivyo.ControllerRuntime.Timing;

/// <summary>
/// A jittered exponential back-off, as client-go's <c>wait.Backoff</c> used by the reflector's back-off manager
/// (800ms doubling to 30s, jitter 1.0): the n-th delay is <c>min(Initial·Factor^n, Max)</c> plus up to
/// <c>Jitter</c> times itself at random.
/// </summary>
public sealed record BackoffPolicy
{
    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The largest delay before jitter.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How much each delay grows.</summary>
    public double Factor { get; init; } = 2.0;

    /// <summary>The random extra, as a fraction of the delay (0 for none).</summary>
    public double Jitter { get; init; } = 1.0;

    /// <summary>The delay after <paramref name="failures"/> consecutive failures (0 for the first one), jitter included.</summary>
    public TimeSpan Delay(int failures, double random)
    {
        var raw = Initial.TotalMilliseconds * Math.Pow(Factor, Math.Min(failures, 64));
        var capped = Math.Min(raw, Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped + (capped * Jitter * random));
    }
}
