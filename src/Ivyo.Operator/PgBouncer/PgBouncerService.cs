using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// <c>&lt;c&gt;-pgbouncer</c> Service over the PgBouncer pods. Its type and node port come from
/// <c>spec.proxy.pgBouncer.service</c>; its port, named <c>pgbouncer</c>, targets the container port by name so that
/// the port can change during a rolling update.
/// </summary>
public static class PgBouncerService
{
    /// <returns>The Service, or null when the cluster has no PgBouncer.</returns>
    /// <exception cref="InvalidOperationException">A node port is set on a ClusterIP Service.</exception>
    public static V1Service? Build(ClusterInputs inputs)
    {
        var cluster = inputs.Cluster;
        var spec = cluster.Spec.Proxy?.PgBouncer;
        if (spec is null)
        {
            return null;
        }

        var service = spec.Service;
        var port = new V1ServicePort
        {
            Name = Names.PortPgBouncer,
            Port = spec.Port ?? 5432,
            Protocol = "TCP",
            TargetPort = Names.PortPgBouncer,
        };
        var type = service?.Type ?? "ClusterIP";
        if (service?.NodePort is int nodePort)
        {
            if (type == "ClusterIP")
            {
                throw new InvalidOperationException(
                    $"NodePort cannot be set with type ClusterIP on Service \"{Names.ClusterPgBouncer(inputs.Name)}\"");
            }

            port.NodePort = nodePort;
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = PgBouncerMetadata.Object(cluster, service?.Metadata),
            Spec = new V1ServiceSpec
            {
                Type = type,
                Selector = Labels.ForPgBouncer(inputs.Name),
                Ports = [port],
            },
        };
    }
}
