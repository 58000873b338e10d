namespace Ivyo.Api.V1Beta1;

/// <summary>
/// Defaults that the schema can't express. The schema's own defaults (ports, replicas, lease durations) are applied
/// by the API server, or by <see cref="Crd.IvoryClusterSchema"/> offline, before these.
/// </summary>
public static class IvoryClusterDefaults
{
    public static void Apply(IvoryCluster cluster)
    {
        // Unnamed instance sets are named by their position: 00, 01, ..., as ivory-operator does.
        for (var i = 0; i < cluster.Spec.Instances.Count; i++)
        {
            if (string.IsNullOrEmpty(cluster.Spec.Instances[i].Name))
            {
                cluster.Spec.Instances[i].Name = i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
