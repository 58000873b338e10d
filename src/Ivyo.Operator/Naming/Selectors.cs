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

    /// <summary>The dedicated pgBackRest repository host pod.</summary>
    public static string PgBackRestDedicated(string cluster) =>
        $"{Labels.Cluster}={cluster},{Labels.PgBackRest}=,{Labels.PgBackRestDedicated}=";

    /// <summary>The primary instance pod, whichever role value Patroni writes (see <see cref="Labels.IsPrimaryRole"/>).</summary>
    public static string ClusterPrimary(string cluster) =>
        $"{Labels.Cluster}={cluster},{Labels.Instance},{Labels.Role} in ({Labels.RolePatroniLeader},{Labels.RolePrimary})";
}
