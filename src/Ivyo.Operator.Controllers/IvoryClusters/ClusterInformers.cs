using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Naming;
using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// The informers of the IvoryCluster controller: the clusters, every kind they own (indexed by controller UID), and
/// their pods (indexed by cluster). All watch one namespace, or every namespace when none is given.
/// </summary>
public sealed class ClusterInformers
{
    /// <summary>The index of pods by the value of their cluster label.</summary>
    public static readonly string PodsByCluster = IndexFunctions.LabelIndex(Labels.Cluster);

    public ClusterInformers(Kubernetes client, string? watchNamespace, ILoggerFactory loggerFactory, TimeProvider time, ControllerRuntimeMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<ResourceInformer>();
        ResourceInformer Create(ResourceType type, string? labelSelector = null) =>
            new(client, type, new InformerOptions { Namespace = watchNamespace, LabelSelector = labelSelector }, logger, time, metrics);

        Clusters = Create(new ResourceType(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, true));
        Owned = OwnedKinds.All.ToDictionary(kind => kind.Kind, kind =>
        {
            var informer = Create(kind.Resource);
            informer.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid);
            return informer;
        });
        Pods = Create(OwnedKinds.Pods, labelSelector: Labels.Cluster);
        Pods.AddIndex(PodsByCluster, IndexFunctions.ByLabel(Labels.Cluster));
        // Patroni's leader leases: when each was last renewed, on our clock (for fenced nodes' stale leases).
        Renewals = new Patroni.LeaderRenewals(time);
        Owned[OwnedKinds.Endpoints.Kind].AddEventHandler(new ResourceEventHandler
        {
            Added = ObserveLeader,
            Updated = (_, after) => ObserveLeader(after),
            Deleted = Renewals.Forget,
        });

        // Nodes are cluster-scoped: only an operator that watches every namespace (and so has a ClusterRole) reads them.
        Nodes = watchNamespace is null ? Create(OwnedKinds.Nodes) : null;
    }

    /// <summary>When each Patroni leader lease was last seen renewed.</summary>
    internal Patroni.LeaderRenewals Renewals { get; }

    /// <summary>The nodes, for fencing (<c>node.kubernetes.io/out-of-service</c>); null when the operator watches one namespace.</summary>
    public ResourceInformer? Nodes { get; }

    private void ObserveLeader(System.Text.Json.Nodes.JsonObject endpoints)
    {
        // The leader lease is the Endpoints named after the Patroni scope it is labelled with (<c>-ha</c>).
        if (ControllerRuntime.Cache.Metadata.Label(endpoints, Labels.Patroni) is { } scope && scope == ControllerRuntime.Cache.Metadata.Name(endpoints))
        {
            Renewals.Observe(endpoints);
        }
    }

    /// <summary>The IvoryClusters.</summary>
    public ResourceInformer Clusters { get; }

    /// <summary>One informer per owned kind, by kind.</summary>
    public IReadOnlyDictionary<string, ResourceInformer> Owned { get; }

    /// <summary>Pods with a cluster label.</summary>
    public ResourceInformer Pods { get; }

    /// <summary>Every informer.</summary>
    public IEnumerable<ResourceInformer> All => [Clusters, .. Owned.Values, Pods, .. Nodes is null ? [] : new[] { Nodes }];

    /// <summary>The informer of <paramref name="kind"/>.</summary>
    public ResourceInformer Of(OwnedKind kind) => Owned[kind.Kind];

    /// <summary>Lists and watches until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(All.Select(informer => informer.RunAsync(cancellationToken)));
}
