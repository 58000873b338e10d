using Ivyo.LocalCluster.Scheduler.Framework;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// The scheduler's view of the cluster, fed by its watches, as kube-scheduler's cache: nodes, pods, and the pods it
/// has <em>assumed</em> onto a node before the API server confirms the binding, so that pods scheduled in quick
/// succession see each other. An assumed pod is dropped once the watch shows it bound, or when its binding fails.
/// Completed (Succeeded/Failed) pods occupy no node. Also keeps what plugins read besides nodes and pods: namespace
/// labels, Services, ReplicaSets, StatefulSets and ReplicationControllers.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, V1Node> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> _assumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Service> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1ReplicaSet> _replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1StatefulSet> _statefulSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1ReplicationController> _replicationControllers = new(StringComparer.Ordinal);

    public static string Key(IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata.NamespaceProperty + "/" + obj.Metadata.Name;

    public void SetNode(V1Node node, bool deleted) => Set(_nodes, node.Metadata.Name, node, deleted);

    public void SetPod(V1Pod pod, bool deleted)
    {
        lock (_lock)
        {
            Set(_pods, Key(pod), pod, deleted);
            if (deleted || !string.IsNullOrEmpty(pod.Spec?.NodeName))
            {
                _assumed.Remove(Key(pod));
            }
        }
    }

    public V1Pod? Pod(string key)
    {
        lock (_lock)
        {
            return _pods.GetValueOrDefault(key);
        }
    }

    public V1Node? Node(string name)
    {
        lock (_lock)
        {
            return _nodes.GetValueOrDefault(name);
        }
    }

    public void SetNamespace(V1Namespace ns, bool deleted) =>
        Set(_namespaces, ns.Metadata.Name, ns.Metadata.Labels ?? new Dictionary<string, string>(), deleted);

    public void SetService(V1Service item, bool deleted) => Set(_services, Key(item), item, deleted);

    public void SetReplicaSet(V1ReplicaSet item, bool deleted) => Set(_replicaSets, Key(item), item, deleted);

    public void SetStatefulSet(V1StatefulSet item, bool deleted) => Set(_statefulSets, Key(item), item, deleted);

    public void SetReplicationController(V1ReplicationController item, bool deleted) => Set(_replicationControllers, Key(item), item, deleted);

    /// <summary>Counts the pod on the node until the watch shows it bound or <see cref="Forget"/> drops it.</summary>
    public void Assume(V1Pod pod, string nodeName)
    {
        var json = KubernetesJson.Serialize(pod);
        var assumed = KubernetesJson.Deserialize<V1Pod>(json);
        assumed.Spec.NodeName = nodeName;
        lock (_lock)
        {
            _assumed[Key(pod)] = assumed;
        }
    }

    public void Forget(V1Pod pod)
    {
        lock (_lock)
        {
            _assumed.Remove(Key(pod));
        }
    }

    /// <summary>The frozen view a scheduling cycle works on: nodes with their condition taints, bound and assumed pods.</summary>
    public ClusterSnapshot Snapshot()
    {
        lock (_lock)
        {
            var pods = _pods.Values
                .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && p.Status?.Phase is not ("Succeeded" or "Failed"))
                .Concat(_assumed.Where(a => _pods.ContainsKey(a.Key)).Select(a => a.Value))
                .ToList();
            return new ClusterSnapshot
            {
                Nodes = _nodes.Values.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Select(NodeConditionTaints.Apply).ToList(),
                Pods = pods,
                NamespaceLabels = new Dictionary<string, IDictionary<string, string>>(_namespaces, StringComparer.Ordinal),
                Services = [.. _services.Values],
                ReplicaSets = [.. _replicaSets.Values],
                StatefulSets = [.. _statefulSets.Values],
                ReplicationControllers = [.. _replicationControllers.Values],
            };
        }
    }

    private void Set<T>(Dictionary<string, T> map, string key, T item, bool deleted)
    {
        lock (_lock)
        {
            if (deleted)
            {
                map.Remove(key);
            }
            else
            {
                map[key] = item;
            }
        }
    }
}
