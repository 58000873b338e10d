using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>
/// One informer per resource, shared by every controller that reads it, as client-go's <c>SharedInformerFactory</c>:
/// informers are created on first use (with the indexes the controllers need) and all run together.
/// </summary>
public sealed class SharedInformers(Kubernetes client, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The pod index by <c>spec.nodeName</c>.</summary>
    public const string NodeNameIndex = "nodeName";

    private readonly Lock _lock = new();
    private readonly Dictionary<Type, IInformer> _informers = [];
    private readonly List<Func<CancellationToken, Task>> _runs = [];
    private bool _started;

    /// <summary>Pods, indexed by namespace, controller UID and node name.</summary>
    public Informer<V1Pod> Pods => Get<V1Pod>(namespaced: true, null, informer =>
    {
        informer.Untyped.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid);
        informer.Untyped.AddIndex(NodeNameIndex, obj => obj["spec"]?["nodeName"] is { } node && (string?)node is { Length: > 0 } name ? [name] : []);
    });

    /// <summary>Services.</summary>
    public Informer<V1Service> Services => Get<V1Service>(namespaced: true);

    /// <summary>Endpoints.</summary>
    public Informer<V1Endpoints> Endpoints => Get<V1Endpoints>(namespaced: true);

    /// <summary>EndpointSlices, indexed by the <c>kubernetes.io/service-name</c> label.</summary>
    public Informer<V1EndpointSlice> EndpointSlices => Get<V1EndpointSlice>(namespaced: true, null,
        informer => informer.Untyped.AddIndex(IndexFunctions.LabelIndex("kubernetes.io/service-name"), IndexFunctions.ByLabel("kubernetes.io/service-name")));

    /// <summary>StatefulSets.</summary>
    public Informer<V1StatefulSet> StatefulSets => Get<V1StatefulSet>(namespaced: true);

    /// <summary>ReplicaSets, indexed by controller UID.</summary>
    public Informer<V1ReplicaSet> ReplicaSets => Get<V1ReplicaSet>(namespaced: true, null,
        informer => informer.Untyped.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid));

    /// <summary>Deployments.</summary>
    public Informer<V1Deployment> Deployments => Get<V1Deployment>(namespaced: true);

    /// <summary>Jobs, indexed by controller UID.</summary>
    public Informer<V1Job> Jobs => Get<V1Job>(namespaced: true, null,
        informer => informer.Untyped.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid));

    /// <summary>CronJobs.</summary>
    public Informer<V1CronJob> CronJobs => Get<V1CronJob>(namespaced: true);

    /// <summary>ControllerRevisions, indexed by controller UID.</summary>
    public Informer<V1ControllerRevision> ControllerRevisions => Get<V1ControllerRevision>(namespaced: true, null,
        informer => informer.Untyped.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid));

    /// <summary>PersistentVolumeClaims.</summary>
    public Informer<V1PersistentVolumeClaim> PersistentVolumeClaims => Get<V1PersistentVolumeClaim>(namespaced: true);

    /// <summary>PersistentVolumes.</summary>
    public Informer<V1PersistentVolume> PersistentVolumes => Get<V1PersistentVolume>(namespaced: false);

    /// <summary>StorageClasses.</summary>
    public Informer<V1StorageClass> StorageClasses => Get<V1StorageClass>(namespaced: false);

    /// <summary>PodDisruptionBudgets.</summary>
    public Informer<V1PodDisruptionBudget> PodDisruptionBudgets => Get<V1PodDisruptionBudget>(namespaced: true);

    /// <summary>Nodes.</summary>
    public Informer<V1Node> Nodes => Get<V1Node>(namespaced: false);

    /// <summary>The node Leases in <c>kube-node-lease</c>.</summary>
    public Informer<V1Lease> NodeLeases => Get<V1Lease>(namespaced: true, new InformerOptions { Namespace = "kube-node-lease" });

    /// <summary>Runs every informer created so far (and any created later, at once) until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        List<Func<CancellationToken, Task>> runs;
        lock (_lock)
        {
            _started = true;
            runs = [.. _runs];
        }

        return Task.WhenAll(runs.Select(run => run(cancellationToken)));
    }

    private Informer<T> Get<T>(bool namespaced, InformerOptions? options = null, Action<Informer<T>>? configure = null)
        where T : IKubernetesObject
    {
        lock (_lock)
        {
            if (_informers.TryGetValue(typeof(T), out var existing))
            {
                return (Informer<T>)existing;
            }

            if (_started)
            {
                throw new InvalidOperationException($"The informer of {typeof(T).Name} is asked for after the informers started.");
            }

            var informer = new Informer<T>(client, namespaced, options, loggers.CreateLogger<ResourceInformer>(), time);
            configure?.Invoke(informer);
            _informers[typeof(T)] = informer;
            _runs.Add(informer.RunAsync);
            return informer;
        }
    }
}
