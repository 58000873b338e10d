using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Scheduling;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>
/// The StatefulSet that keeps one instance running. It has one pod (or none while the cluster shuts down), the
/// <c>OnDelete</c> strategy (IVYO rolls pods itself: replicas first, then a switchover, then the old primary), and the
/// pod labels the tutorial selects on.
/// </summary>
public static class InstanceStatefulSet
{
    /// <summary>
    /// The StatefulSet's skeleton: metadata, selector, strategy, scheduling and replicas. The pod spec is filled in by
    /// <see cref="InstancePod"/> and the components (Patroni, pgBackRest).
    /// </summary>
    public static V1StatefulSet Build(ClusterInputs inputs, InstanceRef instance, V1PodSpec pod, int runningInstances)
    {
        var cluster = inputs.Cluster;
        var set = instance.Set;
        var selector = Labels.ForInstance(inputs.Name, instance.SetName, instance.Name);
        var labels = Labels.Merge(set.Metadata?.Labels, selector, new Dictionary<string, string> { [Labels.Data] = Labels.DataIvory });
        var annotations = Labels.Merge(cluster.Spec.Metadata?.Annotations, set.Metadata?.Annotations);

        pod.Affinity = set.Affinity;
        pod.Tolerations = set.Tolerations;
        pod.TopologySpreadConstraints = DefaultTopology.Combine(cluster, set.TopologySpreadConstraints, DataPodsSelector(inputs.Name));
        pod.PriorityClassName = set.PriorityClassName;
        pod.RestartPolicy = "Always";
        // Patroni, PostgreSQL and the sidecars see each other's processes, so that Patroni can signal PostgreSQL.
        pod.ShareProcessNamespace = true;
        pod.ServiceAccountName = Names.ClusterInstanceRbac(inputs.Name);
        pod.EnableServiceLinks = false;
        pod.SecurityContext = SecurityContexts.InstancePod(cluster);
        pod.ImagePullSecrets = cluster.Spec.ImagePullSecrets;

        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Ownership.Metadata(cluster, instance.Name, labels, annotations.Count == 0 ? null : annotations),
            Spec = new V1StatefulSetSpec
            {
                Replicas = inputs.InstancesHeld ? 0 : Replicas(cluster, instance.Name, runningInstances),
                Selector = new V1LabelSelector { MatchLabels = selector },
                ServiceName = Names.ClusterPodService(inputs.Name),
                // Don't clutter the namespace with ControllerRevisions; pods still carry controller-revision-hash.
                RevisionHistoryLimit = 0,
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Labels.Merge(cluster.Spec.Metadata?.Labels, labels),
                        Annotations = annotations.Count == 0 ? null : annotations,
                    },
                    Spec = pod,
                },
            },
        };
    }

    /// <summary>
    /// One pod, except while a startup instance is designated: then only it runs, so that the primary is the first to
    /// start and, on shutdown, the last to stop.
    /// </summary>
    public static int Replicas(IvoryCluster cluster, string instance, int runningInstances)
    {
        var startup = cluster.Status?.StartupInstance;
        if (string.IsNullOrEmpty(startup))
        {
            return cluster.Spec.Shutdown == true ? 0 : 1;
        }

        if (startup != instance)
        {
            return 0;
        }

        return cluster.Spec.Shutdown == true && runningInstances <= 1 ? 0 : 1;
    }

    /// <summary>Pods that hold the cluster's data: instances and the pgBackRest repo host, for the default spread.</summary>
    public static V1LabelSelector DataPodsSelector(string cluster) => new()
    {
        MatchLabels = Labels.ForCluster(cluster),
        MatchExpressions =
        [
            new V1LabelSelectorRequirement { Key = Labels.Data, OperatorProperty = "In", Values = [Labels.DataIvory, Labels.DataPgBackRest] },
        ],
    };
}
