using Ivyo.ControllerRuntime.Metrics;

namespace Ivyo.ControllerRuntime.Queues;

/// <summary>How a <see cref="WorkQueue{T}"/> is built (client-go's <c>RateLimitingQueueConfig</c>).</summary>
public sealed record WorkQueueOptions<T>
    where T : notnull
{
    /// <summary>The name the metrics carry.</summary>
    public string Name { get; init; } = "";

    /// <summary>The per-item back-off of <see cref="WorkQueue{T}.AddRateLimited"/>; client-go's exponential default when null.</summary>
    public IRateLimiter<T>? RateLimiter { get; init; }

    /// <summary>The clock of delayed adds.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where depth, adds and retries are recorded; nowhere when null.</summary>
    public ControllerRuntimeMetrics? Metrics { get; init; }
}
