using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Services;

/// <summary>
/// The five Services of a cluster, as ivory-operator makes them:
/// <list type="bullet">
/// <item><c>&lt;c&gt;-ha</c>: a ClusterIP Service without selector; Patroni's leader election writes its Endpoints, so it
/// always routes to the leader.</item>
/// <item><c>&lt;c&gt;-ha-config</c>: headless, no selector, no ports; it keeps Patroni's configuration Endpoints from
/// being removed.</item>
/// <item><c>&lt;c&gt;-pods</c>: headless over every pod of the cluster, ready or not, for stable pod DNS names.</item>
/// <item><c>&lt;c&gt;-primary</c>: headless, no selector; IVYO writes its Endpoints to the ClusterIP of <c>&lt;c&gt;-ha</c>,
/// so the name follows Patroni's leader with no operator in the loop.</item>
/// <item><c>&lt;c&gt;-replicas</c>: a ClusterIP Service over pods with the Patroni replica role.</item>
/// </list>
/// </summary>
public static class ClusterServices
{
    public static V1Service Leader(IvoryCluster cluster)
    {
        var spec = cluster.Spec.Service;
        var labels = Labels.Merge(spec?.Metadata?.Labels, new Dictionary<string, string>
        {
            [Labels.Cluster] = cluster.Metadata.Name,
            [Labels.Patroni] = Names.PatroniScope(cluster.Metadata.Name),
        });
        var port = PostgresPort(cluster);
        if (spec?.NodePort is int nodePort)
        {
            port.NodePort = nodePort;
        }

        return Service(cluster, Names.PatroniScope(cluster.Metadata.Name), labels, spec?.Metadata?.Annotations, new V1ServiceSpec
        {
            Type = spec?.Type ?? "ClusterIP",
            Ports = [port],
        });
    }

    public static V1Service DistributedConfiguration(IvoryCluster cluster) =>
        Service(cluster, Names.PatroniDistributedConfiguration(cluster.Metadata.Name), new Dictionary<string, string>
        {
            [Labels.Cluster] = cluster.Metadata.Name,
            [Labels.Patroni] = Names.PatroniScope(cluster.Metadata.Name),
        }, null, new V1ServiceSpec { ClusterIP = "None" });

    public static V1Service Pods(IvoryCluster cluster) =>
        Service(cluster, Names.ClusterPodService(cluster.Metadata.Name), Labels.ForCluster(cluster.Metadata.Name), null, new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = Labels.ForCluster(cluster.Metadata.Name),
        });

    public static V1Service Primary(IvoryCluster cluster) =>
        Service(cluster, Names.ClusterPrimaryService(cluster.Metadata.Name), PrimaryLabels(cluster), null, new V1ServiceSpec
        {
            ClusterIP = "None",
            Ports = [PostgresPort(cluster)],
        });

    /// <summary>
    /// The Endpoints of <c>&lt;c&gt;-primary</c>: the ClusterIP of <c>&lt;c&gt;-ha</c>. Null until that Service has an IP.
    /// </summary>
    public static V1Endpoints? PrimaryEndpoints(IvoryCluster cluster, string? haClusterIp)
    {
        if (string.IsNullOrEmpty(haClusterIp) || haClusterIp == "None")
        {
            return null;
        }

        var port = PostgresPort(cluster);
        return new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = Ownership.Metadata(cluster, Names.ClusterPrimaryService(cluster.Metadata.Name), PrimaryLabels(cluster)),
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = haClusterIp }],
                    Ports = [new Corev1EndpointPort { Name = port.Name, Port = port.Port, Protocol = port.Protocol }],
                },
            ],
        };
    }

    public static V1Service Replicas(IvoryCluster cluster) =>
        Service(cluster, Names.ClusterReplicaService(cluster.Metadata.Name), new Dictionary<string, string>
        {
            [Labels.Cluster] = cluster.Metadata.Name,
            [Labels.Role] = Labels.RoleReplica,
        }, null, new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = new Dictionary<string, string>
            {
                [Labels.Cluster] = cluster.Metadata.Name,
                [Labels.Role] = Labels.RoleReplica,
            },
            Ports = [PostgresPort(cluster)],
        });

    private static Dictionary<string, string> PrimaryLabels(IvoryCluster cluster) => new()
    {
        [Labels.Cluster] = cluster.Metadata.Name,
        [Labels.Role] = Labels.RolePrimary,
    };

    /// <summary>The PostgreSQL port; its target is the container port's name, so the number may differ during a rollout.</summary>
    private static V1ServicePort PostgresPort(IvoryCluster cluster) => new()
    {
        Name = Names.PortIvory,
        Port = cluster.Spec.Port ?? 5432,
        Protocol = "TCP",
        TargetPort = Names.PortIvory,
    };

    private static V1Service Service(
        IvoryCluster cluster, string name, IDictionary<string, string> labels, IDictionary<string, string>? annotations, V1ServiceSpec spec) =>
        new()
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Ownership.Metadata(cluster, name, labels, annotations),
            Spec = spec,
        };
}
