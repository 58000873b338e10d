using Ivyo.Operator.DesiredState;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary><c>&lt;c&gt;-pgbouncer</c> ConfigMap: the generated <c>pgbouncer.ini</c> and the empty default user file.</summary>
public static class PgBouncerConfigMap
{
    /// <returns>The ConfigMap, or null when the cluster has no PgBouncer.</returns>
    public static V1ConfigMap? Build(ClusterInputs inputs)
    {
        var cluster = inputs.Cluster;
        if (cluster.Spec.Proxy?.PgBouncer is null)
        {
            return null;
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = PgBouncerMetadata.Object(cluster),
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PgBouncerFiles.EmptyKey] = "",
                [PgBouncerFiles.IniKey] = PgBouncerIni.Build(cluster),
            },
        };
    }
}
