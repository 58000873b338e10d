using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Queues;

namespace Ivyo.ControllerRuntime.Controllers;

/// <summary>How a <see cref="Controller"/> runs (controller-runtime's <c>controller.Options</c>).</summary>
public sealed record ControllerOptions
{
    /// <summary>The controller's name, in logs and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>How many keys are reconciled at once (<c>MaxConcurrentReconciles</c>); one key is never reconciled twice at once.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The back-off of failed keys; client-go's exponential default (5ms to 1000s) when null.</summary>
    public IRateLimiter<string>? RateLimiter { get; init; }

    /// <summary>The clock of delayed requeues.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where reconcile and queue metrics go; nowhere when null.</summary>
    public ControllerRuntimeMetrics? Metrics { get; init; }
}
