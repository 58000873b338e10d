using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// Labels and annotations of pgBackRest objects: the cluster's <c>spec.metadata</c>, then
/// <c>spec.backups.pgbackrest.metadata</c>, then IVYO's own labels, which win.
/// </summary>
internal static class PgBackRestMetadata
{
    public static V1ObjectMeta Object(IvoryCluster cluster, string name, IDictionary<string, string> labels)
    {
        var user = cluster.Spec.Backups.PgBackRest.Metadata;
        return Ownership.Metadata(cluster, name, Labels.Merge(user?.Labels, labels), user?.Annotations);
    }

    public static Dictionary<string, string> PodLabels(IvoryCluster cluster, IDictionary<string, string> labels) =>
        Labels.Merge(cluster.Spec.Metadata?.Labels, cluster.Spec.Backups.PgBackRest.Metadata?.Labels, labels);

    public static Dictionary<string, string>? PodAnnotations(IvoryCluster cluster)
    {
        var merged = Labels.Merge(cluster.Spec.Metadata?.Annotations, cluster.Spec.Backups.PgBackRest.Metadata?.Annotations);
        return merged.Count == 0 ? null : merged;
    }
}
