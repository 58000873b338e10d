using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.Networking.Dns;

/// <summary>
/// The cluster's DNS names, as Kubernetes' DNS specification defines them: <c>&lt;svc&gt;.&lt;ns&gt;.svc.cluster.local</c>
/// is a Service's ClusterIP, or for a headless Service its ready endpoints' addresses; a pod with
/// <c>hostname</c>/<c>subdomain</c> matching a headless Service in its namespace is
/// <c>&lt;hostname&gt;.&lt;subdomain&gt;.&lt;ns&gt;.svc.cluster.local</c> (how StatefulSet pods and Patroni find each
/// other). Rendered as a hosts file for dnsmasq.
/// </summary>
public static class DnsRecords
{
    public const string Domain = "cluster.local";

    public static string Render(IEnumerable<V1Service> services, IReadOnlyDictionary<(string Namespace, string Name), V1Endpoints> endpoints, IEnumerable<V1Pod> pods)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var headless = new HashSet<(string, string)>();
        foreach (var service in services)
        {
            var ns = service.Metadata.NamespaceProperty;
            var name = $"{service.Metadata.Name}.{ns}.svc.{Domain}";
            var clusterIp = service.Spec?.ClusterIP;
            if (clusterIp == "None")
            {
                headless.Add((ns, service.Metadata.Name));
                if (endpoints.TryGetValue((ns, service.Metadata.Name), out var found))
                {
                    foreach (var address in (found.Subsets ?? []).SelectMany(s => s.Addresses ?? []))
                    {
                        lines.Add($"{address.Ip} {name}");
                    }
                }
            }
            else if (!string.IsNullOrEmpty(clusterIp))
            {
                lines.Add($"{clusterIp} {name}");
            }
        }

        foreach (var pod in pods)
        {
            var ns = pod.Metadata.NamespaceProperty;
            if (pod.Spec?.Subdomain is { Length: > 0 } subdomain && headless.Contains((ns, subdomain))
                && pod.Status?.PodIP is { Length: > 0 } ip && pod.Metadata.DeletionTimestamp is null)
            {
                var hostname = pod.Spec.Hostname is { Length: > 0 } h ? h : pod.Metadata.Name;
                lines.Add($"{ip} {hostname}.{subdomain}.{ns}.svc.{Domain}");
            }
        }

        var text = new StringBuilder("# The local cluster's DNS records (generated).\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
