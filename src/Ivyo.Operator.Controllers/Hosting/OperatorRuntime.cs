using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.LeaderElection;
using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using k8s;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.Hosting;

/// <summary>
/// The operator inside one process, as controller-runtime's manager: the informers start at once (so a standby has
/// warm caches), the IvoryCluster controller runs only while this process holds the leader Lease, and losing the
/// lease ends <see cref="RunAsync"/> with <see cref="LeadershipLostException"/> so that the process restarts clean.
/// </summary>
public sealed partial class OperatorRuntime : IDisposable
{
    private readonly Kubernetes _client;
    private readonly OperatorOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Controller _controller;
    private LeaderElector? _elector;

    public OperatorRuntime(Kubernetes client, OperatorOptions options, ILoggerFactory loggerFactory, ControllerRuntimeMetrics? metrics = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _logger = loggerFactory.CreateLogger<OperatorRuntime>();
        Metrics = metrics;
        var time = options.Reconciler.Time;
        Informers = new ClusterInformers(client, options.WatchNamespace, loggerFactory, time, metrics);
        var resources = new ResourceClient(client);
        var events = new EventRecorder(resources, options.Reconciler.FieldManager, time, loggerFactory.CreateLogger<EventRecorder>());
        var reconciler = new IvoryClusterReconciler(Informers, resources, events, new Exec.KubernetesPodExecutor(client), options.Reconciler, loggerFactory.CreateLogger<IvoryClusterReconciler>());
        _controller = new Controller(
            new ControllerOptions { Name = "ivorycluster", Workers = options.Workers, Time = time, Metrics = metrics },
            reconciler, loggerFactory.CreateLogger<Controller>());
        foreach (var informer in Informers.All)
        {
            _controller.WaitFor(informer);
        }

        Watch(_controller.Queue);
    }

    /// <summary>The informers (and so the caches) of the controller.</summary>
    public ClusterInformers Informers { get; }

    /// <summary>Where the runtime's instruments record, if anywhere.</summary>
    public ControllerRuntimeMetrics? Metrics { get; }

    /// <summary>Whether every informer has synced: the process is ready.</summary>
    public bool IsReady => Informers.All.All(informer => informer.HasSynced);

    /// <summary>Whether this process reconciles now (always, without leader election).</summary>
    public bool IsLeader => _elector?.IsLeader ?? _options.LeaderElectionNamespace is null;

    /// <summary>Runs until cancelled; throws <see cref="LeadershipLostException"/> when the lease is lost.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = Informers.RunAsync(stopping.Token);
        try
        {
            if (_options.LeaderElectionNamespace is not { } leaseNamespace)
            {
                await _controller.RunAsync(stopping.Token).ConfigureAwait(false);
                return;
            }

            _elector = new LeaderElector(_client, new LeaderElectionOptions
            {
                LeaseNamespace = leaseNamespace,
                LeaseName = _options.LeaseName,
                Identity = _options.Identity,
                ReleaseOnCancel = _options.ReleaseLeaseOnStop,
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
                Time = _options.Reconciler.Time,
                Metrics = Metrics,
                OnStartedLeading = _controller.RunAsync,
            }, _loggerFactory.CreateLogger<LeaderElector>());
            await _elector.RunAsync(stopping.Token).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                LogLeadershipLost(_logger, _options.Identity);
                throw new LeadershipLostException($"{_options.Identity} lost the lease {leaseNamespace}/{_options.LeaseName}");
            }
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await informers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _controller.Dispose();

    /// <summary>The events that bring a cluster back to the queue.</summary>
    private void Watch(ControllerRuntime.Queues.WorkQueue<string> queue)
    {
        Informers.Clusters.AddEventHandler(EnqueueHandlers.ForObject(queue));
        foreach (var informer in Informers.Owned.Values)
        {
            informer.AddEventHandler(EnqueueHandlers.ForControllerOwner(queue, IvoryCluster.GroupVersion, IvoryCluster.KindName));
        }

        // The shared root CA Secret is owned, not controlled, by every cluster of its namespace.
        Informers.Of(OwnedKinds.Secret).AddEventHandler(ResourceEventHandler.ForAll(secret =>
        {
            if (Metadata.Name(secret) == Names.RootCertSecret)
            {
                foreach (var owner in secret["metadata"]?["ownerReferences"] as JsonArray ?? [])
                {
                    if ((string?)owner?["kind"] == IvoryCluster.KindName && (string?)owner?["name"] is { } name)
                    {
                        queue.Add(ObjectKeys.Of(Metadata.Namespace(secret), name));
                    }
                }
            }
        }));

        // Patroni's DCS: the cluster's system identifier and its dynamic configuration are in <c>-config</c>.
        Informers.Of(OwnedKinds.Endpoints).AddEventHandler(new ResourceEventHandler
        {
            Added = endpoints => EnqueueLabelledCluster(queue, endpoints),
            Updated = (before, after) =>
            {
                if (!JsonNode.DeepEquals(before["metadata"]?["annotations"]?["initialize"], after["metadata"]?["annotations"]?["initialize"])
                    || !JsonNode.DeepEquals(before["metadata"]?["annotations"]?["config"], after["metadata"]?["annotations"]?["config"]))
                {
                    EnqueueLabelledCluster(queue, after);
                }
            },
            Deleted = endpoints => EnqueueLabelledCluster(queue, endpoints),
        });

        // The Jobs a backup CronJob starts are the CronJob's, not the cluster's: they are found by label, for
        // status.pgbackrest.scheduledBackups.
        Informers.Of(OwnedKinds.Job).AddEventHandler(new ResourceEventHandler
        {
            Added = job => EnqueueScheduledBackup(queue, job),
            Updated = (before, after) =>
            {
                if (!JsonNode.DeepEquals(before["status"], after["status"]))
                {
                    EnqueueScheduledBackup(queue, after);
                }
            },
            Deleted = job => EnqueueScheduledBackup(queue, job),
        });

        // A node fenced (or no longer): the clusters with pods on it, whose leader lease may be stale.
        Informers.Nodes?.AddEventHandler(new ResourceEventHandler
        {
            Added = node => EnqueueClustersOn(queue, node),
            Updated = (before, after) =>
            {
                if (Patroni.StaleLeaderLease.IsOutOfService(before) != Patroni.StaleLeaderLease.IsOutOfService(after))
                {
                    EnqueueClustersOn(queue, after);
                }
            },
        });

        // Pods matter when they come and go, change role, or turn ready or not.
        Informers.Pods.AddEventHandler(new ResourceEventHandler
        {
            Added = pod => EnqueueLabelledCluster(queue, pod),
            Updated = (before, after) =>
            {
                if (Metadata.Label(before, Labels.Role) != Metadata.Label(after, Labels.Role) || Ready(before) != Ready(after)
                    || !JsonNode.DeepEquals(before["metadata"]?["annotations"]?["status"], after["metadata"]?["annotations"]?["status"]))
                {
                    EnqueueLabelledCluster(queue, after);
                }
            },
            Deleted = pod => EnqueueLabelledCluster(queue, pod),
        });
    }

    private void EnqueueClustersOn(ControllerRuntime.Queues.WorkQueue<string> queue, JsonObject node)
    {
        var name = Metadata.Name(node);
        foreach (var pod in Informers.Pods.Cache.List().Where(pod => (string?)pod["spec"]?["nodeName"] == name))
        {
            EnqueueLabelledCluster(queue, pod);
        }
    }

    private static void EnqueueScheduledBackup(ControllerRuntime.Queues.WorkQueue<string> queue, JsonObject job)
    {
        if (!string.IsNullOrEmpty(Metadata.Label(job, Labels.PgBackRestCronJob)))
        {
            EnqueueLabelledCluster(queue, job);
        }
    }

    private static void EnqueueLabelledCluster(ControllerRuntime.Queues.WorkQueue<string> queue, JsonObject obj)
    {
        if (Metadata.Label(obj, Labels.Cluster) is { } cluster)
        {
            queue.Add(ObjectKeys.Of(Metadata.Namespace(obj), cluster));
        }
    }

    private static bool Ready(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    [LoggerMessage(Level = LogLevel.Error, Message = "{Identity} lost the leader lease; stopping")]
    private static partial void LogLeadershipLost(ILogger logger, string identity);
}

/// <summary>The leader lease was lost: the process must stop (and be restarted) rather than reconcile beside a new leader.</summary>
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException()
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
