using Ivyo.LocalCluster.Controllers.Disruption;
using Ivyo.LocalCluster.Controllers.Networking;
using Ivyo.LocalCluster.Controllers.Nodes;
using Ivyo.LocalCluster.Controllers.Storage;
using Ivyo.LocalCluster.Controllers.Workloads.CronJobs;
using Ivyo.LocalCluster.Controllers.Workloads.Deployments;
using Ivyo.LocalCluster.Controllers.Workloads.Jobs;
using Ivyo.LocalCluster.Controllers.Workloads.ReplicaSets;
using Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;
using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>
/// The local cluster's kube-controller-manager: it builds the selected controllers over one set of shared informers,
/// runs them against the API server the client points at, and stops them all on dispose.
/// </summary>
public sealed class ControllerManager : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IManagedController> _controllers = [];
    private readonly ILogger _logger;
    private Task _running = Task.CompletedTask;

    private ControllerManager(Kubernetes client, ControllerManagerOptions options)
    {
        _logger = options.LoggerFactory.CreateLogger<ControllerManager>();
        Informers = new SharedInformers(client, options.LoggerFactory, options.Time);
        var context = new ControllerContext(client, Informers, options);
        var wanted = options.Controllers;
        if (wanted.HasFlag(ManagedControllers.StatefulSets))
        {
            _controllers.Add(StatefulSetController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.ReplicaSets))
        {
            _controllers.Add(ReplicaSetController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.Deployments))
        {
            _controllers.Add(DeploymentController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.Jobs))
        {
            _controllers.Add(JobController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.CronJobs))
        {
            _controllers.Add(CronJobController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.TtlAfterFinished))
        {
            _controllers.Add(TtlAfterFinishedController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.PersistentVolumes))
        {
            _controllers.Add(new PersistentVolumeController(context));
        }

        if (wanted.HasFlag(ManagedControllers.Endpoints))
        {
            _controllers.Add(EndpointsController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.EndpointSlices))
        {
            _controllers.Add(EndpointSliceController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.Disruption))
        {
            _controllers.Add(DisruptionController.Create(context));
        }

        if (wanted.HasFlag(ManagedControllers.NodeLifecycle))
        {
            _controllers.Add(new NodeLifecycleController(context));
        }
    }

    /// <summary>The informers the controllers share.</summary>
    public SharedInformers Informers { get; }

    /// <summary>The names of the running controllers.</summary>
    public IReadOnlyList<string> ControllerNames => [.. _controllers.Select(c => c.Name)];

    /// <summary>Builds the controllers and starts them with their informers; returns at once.</summary>
    public static ControllerManager Start(Kubernetes client, ControllerManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var manager = new ControllerManager(client, options);
        manager.Run();
        return manager;
    }

    private void Run()
    {
        ControllerManagerLog.Starting(_logger, string.Join(", ", ControllerNames));
        var token = _stop.Token;
        var runs = new List<Task> { Task.Run(() => Informers.RunAsync(token), CancellationToken.None) };
        foreach (var controller in _controllers)
        {
            runs.Add(Task.Run(async () =>
            {
                try
                {
                    await controller.RunAsync(token).ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    ControllerManagerLog.ControllerFailed(_logger, e, controller.Name);
                }
            }, CancellationToken.None));
        }

        _running = Task.WhenAll(runs);
    }

    /// <summary>Stops every controller and informer and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var controller in _controllers)
        {
            controller.Dispose();
        }

        _stop.Dispose();
    }
}
