using System.Globalization;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// The Docker-links-style variables the kubelet gives containers for Services (pkg/kubelet/envvars):
/// <c>HIPPO_PRIMARY_SERVICE_HOST</c>, <c>..._SERVICE_PORT</c>, <c>..._PORT_5432_TCP_ADDR</c> and so on, for each
/// Service with a ClusterIP. The <c>kubernetes</c> Service's are always there; that is how in-cluster clients find
/// the API server.
/// </summary>
public static class ServiceEnvironment
{
    public static Dictionary<string, string> For(IEnumerable<V1Service> services)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var ip = service.Spec?.ClusterIP;
            if (string.IsNullOrEmpty(ip) || ip == "None" || service.Spec?.Ports is not { Count: > 0 } ports)
            {
                continue;
            }

            var prefix = service.Metadata.Name.ToUpperInvariant().Replace('-', '_');
            var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
            variables[prefix + "_SERVICE_HOST"] = ip;
            variables[prefix + "_SERVICE_PORT"] = Port(ports[0]);
            foreach (var port in ports.Where(p => !string.IsNullOrEmpty(p.Name)))
            {
                variables[$"{prefix}_SERVICE_PORT_{port.Name.ToUpperInvariant().Replace('-', '_')}"] = Port(port);
            }

            var first = ports[0];
            variables[prefix + "_PORT"] = $"{Protocol(first).ToLowerInvariant()}://{host}:{Port(first)}";
            foreach (var port in ports)
            {
                var protocol = Protocol(port);
                var name = $"{prefix}_PORT_{Port(port)}_{protocol}";
                variables[name] = $"{protocol.ToLowerInvariant()}://{host}:{Port(port)}";
                variables[name + "_PROTO"] = protocol.ToLowerInvariant();
                variables[name + "_PORT"] = Port(port);
                variables[name + "_ADDR"] = ip;
            }
        }

        return variables;
    }

    private static string Port(V1ServicePort port) => port.Port.ToString(CultureInfo.InvariantCulture);

    private static string Protocol(V1ServicePort port) => string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol.ToUpperInvariant();
}
