using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// Labels and annotations of PgBouncer objects: the cluster's <c>spec.metadata</c>, then
/// <c>spec.proxy.pgBouncer.metadata</c>, then <c>cluster</c> and <c>role: pgbouncer</c>, which win.
/// </summary>
internal static class PgBouncerMetadata
{
    public static PgBouncerPod Spec(IvoryCluster cluster) =>
        cluster.Spec.Proxy?.PgBouncer ?? throw new ArgumentException("The cluster has no spec.proxy.pgBouncer.", nameof(cluster));

    public static Dictionary<string, string> Labels(IvoryCluster cluster, Metadata? extra = null) =>
        Naming.Labels.Merge(Spec(cluster).Metadata?.Labels, extra?.Labels, Naming.Labels.ForPgBouncer(cluster.Metadata.Name));

    public static Dictionary<string, string>? Annotations(IvoryCluster cluster, Metadata? extra = null)
    {
        var merged = Naming.Labels.Merge(Spec(cluster).Metadata?.Annotations, extra?.Annotations);
        return merged.Count == 0 ? null : merged;
    }

    public static V1ObjectMeta Object(IvoryCluster cluster, Metadata? extra = null) =>
        Ownership.Metadata(cluster, Names.ClusterPgBouncer(cluster.Metadata.Name), Labels(cluster, extra), Annotations(cluster, extra));

    public static Dictionary<string, string> PodLabels(IvoryCluster cluster) =>
        Naming.Labels.Merge(cluster.Spec.Metadata?.Labels, Labels(cluster));

    public static Dictionary<string, string>? PodAnnotations(IvoryCluster cluster)
    {
        var merged = Naming.Labels.Merge(cluster.Spec.Metadata?.Annotations, Spec(cluster).Metadata?.Annotations);
        return merged.Count == 0 ? null : merged;
    }
}
