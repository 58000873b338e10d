using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.ControllerRuntime.Controllers;

/// <summary>
/// A controller: workers that take keys from a rate-limited <see cref="WorkQueue{T}"/> and reconcile them, as
/// controller-runtime's controller (<c>processNextWorkItem</c>). It waits for its informers to sync before the workers
/// start. A reconcile that throws, or asks for <see cref="ReconcileResult.Requeue"/>, is added again with the key's
/// back-off; one that asks for <see cref="ReconcileResult.RequeueAfter"/> is added after that delay and its back-off
/// forgotten; one that succeeds has its back-off forgotten. Informer handlers feed <see cref="Queue"/>, typically
/// through <see cref="EnqueueHandlers"/>.
/// </summary>
public sealed class Controller : IDisposable
{
    private readonly ControllerOptions _options;
    private readonly IReconciler _reconciler;
    private readonly ILogger _logger;
    private readonly List<IInformer> _informers = [];

    /// <summary>Creates a controller with its queue; nothing runs until <see cref="RunAsync"/>.</summary>
    public Controller(ControllerOptions options, IReconciler reconciler, ILogger<Controller>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        _logger = logger ?? NullLogger<Controller>.Instance;
        Queue = new WorkQueue<string>(new WorkQueueOptions<string>
        {
            Name = options.Name,
            RateLimiter = options.RateLimiter,
            Time = options.Time,
            Metrics = options.Metrics,
        });
    }

    /// <summary>The controller's name.</summary>
    public string Name => _options.Name;

    /// <summary>The queue of keys to reconcile.</summary>
    public WorkQueue<string> Queue { get; }

    /// <summary>Makes <see cref="RunAsync"/> wait for <paramref name="informer"/> to sync before starting the workers.</summary>
    public Controller WaitFor(IInformer informer)
    {
        ArgumentNullException.ThrowIfNull(informer);
        _informers.Add(informer);
        return this;
    }

    /// <summary>
    /// Waits for the informers, then reconciles until <paramref name="cancellationToken"/> is cancelled; then the queue is
    /// shut down, running reconciles see the cancellation, and the call returns when every worker has stopped.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ControllerLog.WaitingForSync(_logger, Name, _informers.Count);
        try
        {
            await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Queue.ShutDown();
            return;
        }

        ControllerLog.Starting(_logger, Name, _options.Workers);
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)).ToList();
        using (cancellationToken.Register(Queue.ShutDown))
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        ControllerLog.Stopped(_logger, Name);
    }

    /// <inheritdoc />
    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (key, shutDown) = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (shutDown)
            {
                return;
            }

            try
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var started = _options.Time.GetTimestamp();
        string outcome;
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            if (result.RequeueAfter > TimeSpan.Zero)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, result.RequeueAfter);
                outcome = "requeue_after";
            }
            else if (result.Requeue)
            {
                Queue.AddRateLimited(key);
                outcome = "requeue";
            }
            else
            {
                Queue.Forget(key);
                outcome = "success";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // An optimistic-concurrency conflict is routine (the informer's copy was stale): retried, not an error.
            ControllerLog.ReconcileConflict(_logger, Name, key, e.Response.Content);
            Queue.AddRateLimited(key);
            outcome = "error";
        }
        catch (Exception e)
        {
            ControllerLog.ReconcileFailed(_logger, e, Name, key, Queue.NumRequeues(key));
            Queue.AddRateLimited(key);
            outcome = "error";
        }

        var duration = _options.Time.GetElapsedTime(started);
        _options.Metrics?.Reconciled(Name, outcome, duration);
        ControllerLog.Reconciled(_logger, Name, key, duration);
    }
}
