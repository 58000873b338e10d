using Ivyo.Api.V1Beta1;
using k8s.Models;

namespace Ivyo.Operator.DesiredState;

/// <summary>Owner references that tie every object to its IvoryCluster, so the garbage collector removes them with it.</summary>
public static class Ownership
{
    public static V1OwnerReference ControllerReference(IvoryCluster cluster) => new()
    {
        ApiVersion = IvoryCluster.GroupVersion,
        Kind = IvoryCluster.KindName,
        Name = cluster.Metadata.Name,
        Uid = cluster.Metadata.Uid ?? "",
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>Object metadata in the cluster's namespace, controlled by the cluster, with the given labels.</summary>
    public static V1ObjectMeta Metadata(
        IvoryCluster cluster, string name, IDictionary<string, string> labels, IDictionary<string, string>? annotations = null)
    {
        var user = cluster.Spec.Metadata;
        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = cluster.Metadata.NamespaceProperty,
            // User labels and annotations first: IVYO's own win on conflicts.
            Labels = Naming.Labels.Merge(user?.Labels, labels),
            Annotations = NullIfEmpty(Naming.Labels.Merge(user?.Annotations, annotations)),
            OwnerReferences = [ControllerReference(cluster)],
        };
    }

    private static Dictionary<string, string>? NullIfEmpty(Dictionary<string, string> map) => map.Count == 0 ? null : map;
}
