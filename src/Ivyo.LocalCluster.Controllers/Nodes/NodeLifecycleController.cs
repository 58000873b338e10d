using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Hosting;

namespace Ivyo.LocalCluster.Controllers.Nodes;

/// <summary>
/// kube-controller-manager's <c>node-lifecycle-controller</c> (with the taint-eviction controller): every node is
/// looked at each <c>--node-monitor-period</c> and whenever it, its Lease or one of its pods changes.
/// See <see cref="NodeLifecycleReconciler"/>.
/// </summary>
internal sealed class NodeLifecycleController : IManagedController
{
    public const string ControllerName = "node-lifecycle-controller";

    private readonly ControllerContext _context;
    private readonly QueuedController _inner;

    public NodeLifecycleController(ControllerContext context)
    {
        _context = context;
        var informers = context.Informers;
        _inner = QueuedController.Create(context, ControllerName, new NodeLifecycleReconciler(context), informers.Nodes, informers.NodeLeases, informers.Pods);
        var queue = _inner.Inner.Queue;
        informers.Nodes.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.NodeLeases.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj => queue.Add(Metadata.Name(obj))));
        informers.Pods.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj =>
        {
            if ((string?)obj["spec"]?["nodeName"] is { Length: > 0 } node)
            {
                queue.Add(node);
            }
        }));
    }

    /// <inheritdoc />
    public string Name => ControllerName;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = _inner.RunAsync(cancellationToken);
        using var timer = new PeriodicTimer(_context.Options.NodeMonitorPeriod, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var key in _context.Informers.Nodes.Untyped.Cache.ListKeys())
                {
                    _inner.Inner.Queue.Add(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await run.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
