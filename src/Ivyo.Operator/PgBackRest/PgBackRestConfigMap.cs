using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// <c>&lt;c&gt;-pgbackrest-config</c>: the generated pgBackRest configuration. The server configuration key is always
/// present (empty without a repo host) so that instances that have not rolled out yet keep a valid volume.
/// </summary>
public static class PgBackRestConfigMap
{
    /// <param name="inputs">The cluster and what exists of it.</param>
    /// <param name="instanceNames">
    /// The instances the repo host backs up, <c>pg1</c> to <c>pgN</c>; by default those of
    /// <see cref="ClusterInputs.ExistingInstances"/>. They are sorted, so that the file does not change with their order.
    /// </param>
    public static V1ConfigMap Build(ClusterInputs inputs, IEnumerable<string>? instanceNames = null)
    {
        var cluster = inputs.Cluster;
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PgBackRestFiles.InstanceConfigKey] = PgBackRestConfigFiles.Instance(cluster, inputs.Namespace),
            [PgBackRestFiles.ServerConfigKey] = "",
            [PgBackRestFiles.ConfigHashKey] = PgBackRestConfigHash.Compute(cluster),
        };

        if (RepoHostStatefulSet.Enabled(cluster))
        {
            var instances = (instanceNames ?? inputs.ExistingInstances.Values.SelectMany(names => names))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            data[PgBackRestFiles.ServerConfigKey] = PgBackRestConfigFiles.Server(cluster);
            data[PgBackRestFiles.RepoConfigKey] = PgBackRestConfigFiles.Repo(cluster, inputs.Namespace, instances);
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = PgBackRestMetadata.Object(cluster, Names.PgBackRestConfig(inputs.Name), Labels.ForPgBackRestConfig(inputs.Name)),
            Data = data,
        };
    }
}
