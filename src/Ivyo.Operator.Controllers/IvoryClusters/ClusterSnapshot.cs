using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.Operator.Naming;
using k8s;
using k8s.Models;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// What one IvoryCluster has right now, read from the informers' caches (never from the API server): the objects it
/// controls, its pods, and the few objects it uses without controlling them.
/// </summary>
internal sealed class ClusterSnapshot(ClusterInformers informers, IvoryCluster cluster)
{
    /// <summary>The value of a pod's label, or null.</summary>
    public static string? Label(V1Pod pod, string key) => pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private string Namespace => cluster.Metadata.NamespaceProperty ?? "";

    /// <summary>The objects of <paramref name="kind"/> whose controller is this cluster.</summary>
    public IReadOnlyList<JsonObject> Controlled(OwnedKind kind) =>
        informers.Of(kind).Cache.ByIndex(IndexFunctions.ControllerUidIndex, cluster.Metadata.Uid ?? "");

    /// <summary>The object of <paramref name="kind"/> named <paramref name="name"/> in the cluster's namespace, whoever controls it.</summary>
    public JsonObject? Get(OwnedKind kind, string name) => informers.Of(kind).Cache.Get(ObjectKeys.Of(Namespace, name));

    /// <summary>The object of <paramref name="kind"/>, typed.</summary>
    public T? Get<T>(OwnedKind kind, string name)
        where T : IKubernetesObject => Get(kind, name) is { } obj ? Informer<T>.Convert(obj) : default;

    /// <summary>The cluster's pods (by cluster label, in its namespace).</summary>
    public IReadOnlyList<V1Pod> Pods =>
        [.. informers.Pods.Cache.ByIndex(ClusterInformers.PodsByCluster, cluster.Metadata.Name)
            .Where(pod => Metadata.Namespace(pod) == Namespace)
            .Select(pod => Informer<V1Pod>.Convert(pod))];

    /// <summary>The Secrets the cluster controls, and the shared root CA Secret, by name.</summary>
    public IReadOnlyDictionary<string, V1Secret> Secrets()
    {
        var secrets = Controlled(OwnedKinds.Secret).Select(secret => Informer<V1Secret>.Convert(secret)).ToDictionary(secret => secret.Metadata.Name, StringComparer.Ordinal);
        if (Get<V1Secret>(OwnedKinds.Secret, Names.RootCertSecret) is { } root)
        {
            secrets[root.Metadata.Name] = root;
        }

        return secrets;
    }

    /// <summary>The names of the cluster's instances: its StatefulSets with an instance label.</summary>
    public IReadOnlySet<string> InstanceNames() =>
        Controlled(OwnedKinds.StatefulSet).Select(set => Metadata.Label(set, Labels.Instance)).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The ClusterIP the API server gave <c>&lt;c&gt;-ha</c>, once it exists.</summary>
    public string? HaClusterIp() =>
        Get<V1Service>(OwnedKinds.Service, Names.PatroniScope(cluster.Metadata.Name))?.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None" ? ip : null;

    /// <summary>
    /// The Jobs with this cluster's label, whoever controls them: the backup Jobs IVYO creates and those its backup
    /// CronJobs start.
    /// </summary>
    public IEnumerable<JsonObject> LabelledJobs() =>
        informers.Of(OwnedKinds.Job).Cache.ByIndex(IndexFunctions.NamespaceIndex, Namespace)
            .Where(job => Metadata.Label(job, Labels.Cluster) == cluster.Metadata.Name);

    /// <summary>Patroni's DCS objects: Endpoints labelled with the cluster and its Patroni scope (<c>&lt;c&gt;-ha</c>, <c>-config</c>, ...).</summary>
    public IReadOnlyList<JsonObject> PatroniEndpoints() =>
        [.. informers.Of(OwnedKinds.Endpoints).Cache.ByIndex(IndexFunctions.NamespaceIndex, Namespace).AsEnumerable()
            .Where(endpoints => Metadata.Label(endpoints, Labels.Cluster) == cluster.Metadata.Name
                && Metadata.Label(endpoints, Labels.Patroni) == Names.PatroniScope(cluster.Metadata.Name))];
}
