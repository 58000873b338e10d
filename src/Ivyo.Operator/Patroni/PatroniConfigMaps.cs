using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Postgres;
using k8s.Models;

namespace Ivyo.Operator.Patroni;

/// <summary>The two ConfigMaps that hold Patroni's YAML, with ivory-operator's names, key and labels.</summary>
public static class PatroniConfigMaps
{
    /// <summary><c>&lt;c&gt;-config</c>: the settings every instance shares, labelled with the cluster.</summary>
    public static V1ConfigMap Cluster(IvoryCluster cluster, ParameterSet parameters, HbaSet hbas)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var name = cluster.Metadata.Name;
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Ownership.Metadata(cluster, Names.ClusterConfigMap(name), Labels.ForCluster(name)),
            Data = new Dictionary<string, string> { [Paths.PatroniConfigMapKey] = PatroniConfig.ClusterYaml(cluster, parameters, hbas) },
        };
    }

    /// <summary>
    /// <c>&lt;instance&gt;-config</c>: one instance's settings, labelled with the cluster, set and instance, and
    /// carrying the set's own labels and annotations (after the cluster's, before IVYO's).
    /// </summary>
    public static V1ConfigMap Instance(
        IvoryCluster cluster, InstanceSet set, string instanceName, IReadOnlyList<string>? pgBackRestReplicaCreateCommand = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(set);
        var labels = Labels.Merge(set.Metadata?.Labels, Labels.ForInstance(cluster.Metadata.Name, set.Name ?? "", instanceName));
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Ownership.Metadata(cluster, Names.InstanceConfigMap(instanceName), labels, set.Metadata?.Annotations),
            Data = new Dictionary<string, string>
            {
                [Paths.PatroniConfigMapKey] = PatroniConfig.InstanceYaml(cluster, set, pgBackRestReplicaCreateCommand),
            },
        };
    }
}
