namespace Ivyo.Operator.Naming;

/// <summary>Label selectors, as strings in Kubernetes' selector syntax.</summary>
public static class Selectors
{
    public static string Cluster(string cluster) => $"{Labels.Cluster}={cluster}";

    /// <summary>All instance pods of a cluster (those with an instance-set label).</summary>
    public static string ClusterInstances(string cluster) => $"{Labels.Cluster}={cluster},{Labels.InstanceSet}";

    public static string ClusterInstanceSet(string cluster, string set) => $"{Labels.Cluster}={cluster},{Labels.InstanceSet}={set}";

    /// <summary>The pods Patroni manages, the selector of its Kubernetes DCS (<c>kubernetes.labels</c>).</summary>
    public static string ClusterPatroni(string cluster) => $"{Labels.Cluster}={cluster},{Labels.Patroni}={Names.PatroniScope(cluster)}";
}
