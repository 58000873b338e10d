using System.Diagnostics.Metrics;

namespace Ivyo.ControllerRuntime.Metrics;

/// <summary>
/// The runtime's instruments on the <see cref="System.Diagnostics.Metrics"/> meter <c>Ivyo.ControllerRuntime</c>, the
/// counterparts of controller-runtime's and client-go's Prometheus metrics (<c>controller_runtime_reconcile_total</c>,
/// <c>..._reconcile_errors_total</c>, <c>..._reconcile_time_seconds</c>, <c>workqueue_depth</c>, <c>workqueue_adds_total</c>,
/// <c>workqueue_retries_total</c>, leader election's <c>leader_election_master_status</c>), plus informer watch restarts
/// and relists. OpenTelemetry or prometheus-net export them by listening to the meter. One instance is shared by the
/// components of a process; components given none record nothing.
/// </summary>
public sealed class ControllerRuntimeMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Ivyo.ControllerRuntime";

    /// <summary>The meter the instruments are on; an exporter that should see only this instance listens to it alone.</summary>
    public Meter Meter => _meter;

    private readonly Meter _meter;
    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileDuration;
    private readonly UpDownCounter<long> _queueDepth;
    private readonly Counter<long> _queueAdds;
    private readonly Counter<long> _queueRetries;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _lists;
    // Leases held, by name: observed on every collection, so that an exporter attached after the election still
    // reads 1 (a counter's one +1, recorded before a listener enabled it, would be lost).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _leading = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments, on a meter from <paramref name="meterFactory"/> when given (dependency injection).</summary>
    public ControllerRuntimeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reconciles = _meter.CreateCounter<long>("controller.reconciles", description: "Reconciles per controller and result (success, requeue, error).");
        _reconcileErrors = _meter.CreateCounter<long>("controller.reconcile_errors", description: "Reconciles that threw, per controller.");
        _reconcileDuration = _meter.CreateHistogram<double>("controller.reconcile_duration", unit: "s", description: "How long reconciles take, per controller.");
        _queueDepth = _meter.CreateUpDownCounter<long>("workqueue.depth", description: "Keys waiting in a work queue.");
        _queueAdds = _meter.CreateCounter<long>("workqueue.adds", description: "Keys added to a work queue.");
        _queueRetries = _meter.CreateCounter<long>("workqueue.retries", description: "Rate-limited re-adds to a work queue.");
        _watchRestarts = _meter.CreateCounter<long>("informer.watch_restarts", description: "Watches an informer opened again, per resource and reason.");
        _lists = _meter.CreateCounter<long>("informer.lists", description: "Full lists an informer made, per resource.");
        _meter.CreateObservableGauge("leader_election.leading",
            () => _leading.Select(lease => new Measurement<long>(lease.Value, new KeyValuePair<string, object?>("lease", lease.Key))),
            description: "1 while this process holds the lease.");
    }

    internal void Reconciled(string controller, string result, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("controller", controller);
        _reconciles.Add(1, tag, new KeyValuePair<string, object?>("result", result));
        if (result == "error")
        {
            _reconcileErrors.Add(1, tag);
        }

        _reconcileDuration.Record(duration.TotalSeconds, tag);
    }

    internal void QueueDepthChanged(string queue, long delta) => _queueDepth.Add(delta, new KeyValuePair<string, object?>("name", queue));

    internal void QueueAdded(string queue) => _queueAdds.Add(1, new KeyValuePair<string, object?>("name", queue));

    internal void QueueRetried(string queue) => _queueRetries.Add(1, new KeyValuePair<string, object?>("name", queue));

    internal void WatchRestarted(string resource, string reason) =>
        _watchRestarts.Add(1, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("reason", reason));

    internal void Listed(string resource) => _lists.Add(1, new KeyValuePair<string, object?>("resource", resource));

    internal void LeadingChanged(string lease, long delta) => _leading.AddOrUpdate(lease, delta, (_, value) => value + delta);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
