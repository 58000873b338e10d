using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.Networking.Services;

/// <summary>
/// kube-proxy's nftables mode in miniature: for each Service port with a ClusterIP, traffic to the virtual address
/// is DNATed to one of the ready endpoints, picked at random per connection; a pod reaching itself through its own
/// Service is SNATed to the gateway (hairpin), so that its reply comes back through the router. Endpoints are read
/// from core Endpoints, which covers both selector Services and those whose Endpoints their owners write (Patroni's
/// <c>&lt;cluster&gt;-ha</c>). The whole table is replaced in one nft transaction.
/// </summary>
public static class ServiceRules
{
    public const string Table = "ivyo-services";

    private const string HairpinMark = "0x4000";

    public static string Render(IEnumerable<V1Service> services, IReadOnlyDictionary<(string Namespace, string Name), V1Endpoints> endpoints)
    {
        var dispatch = new StringBuilder();
        var chains = new StringBuilder();
        foreach (var service in services.OrderBy(s => s.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            var clusterIp = service.Spec?.ClusterIP;
            if (string.IsNullOrEmpty(clusterIp) || clusterIp == "None" || service.Spec?.Ports is null)
            {
                continue;
            }

            endpoints.TryGetValue((service.Metadata.NamespaceProperty, service.Metadata.Name), out var found);
            foreach (var port in service.Spec.Ports)
            {
                var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
                var targets = Targets(port, found).ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                var chain = "svc-" + Hash($"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}/{port.Name}/{port.Port}");
                dispatch.Append(CultureInfo.InvariantCulture, $"    ip daddr {clusterIp} {protocol} dport {port.Port} jump {chain}\n");
                chains.Append(CultureInfo.InvariantCulture, $"  chain {chain} {{\n");
                if (targets.Count == 1)
                {
                    chains.Append(CultureInfo.InvariantCulture, $"    jump {chain}-0\n");
                }
                else
                {
                    var map = string.Join(", ", targets.Select((_, i) => $"{i} : jump {chain}-{i}"));
                    chains.Append(CultureInfo.InvariantCulture, $"    numgen random mod {targets.Count} vmap {{ {map} }}\n");
                }

                chains.Append("  }\n");
                for (var i = 0; i < targets.Count; i++)
                {
                    var (ip, targetPort) = targets[i];
                    chains.Append(CultureInfo.InvariantCulture,
                        $"  chain {chain}-{i} {{\n    ip saddr {ip} meta mark set {HairpinMark}\n    meta l4proto {protocol} dnat to {ip}:{targetPort}\n  }}\n");
                }
            }
        }

        return $$"""
            table ip {{Table}}
            delete table ip {{Table}}
            table ip {{Table}} {
              chain prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                jump services
              }
              chain output {
                type nat hook output priority -100; policy accept;
                jump services
              }
              chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                meta mark {{HairpinMark}} snat to {{ClusterNetwork.Gateway}}
              }
              chain services {
            {{dispatch}}  }
            {{chains}}}

            """;
    }

    /// <summary>The ready endpoint addresses with the port this Service port maps to (by name, or the only one).</summary>
    private static IEnumerable<(string Ip, int Port)> Targets(V1ServicePort port, V1Endpoints? endpoints)
    {
        foreach (var subset in endpoints?.Subsets ?? [])
        {
            var ports = subset.Ports ?? [];
            var match = ports.FirstOrDefault(p => (p.Name ?? "") == (port.Name ?? "")) ?? (ports.Count == 1 ? ports[0] : null);
            if (match is null || !string.Equals(match.Protocol ?? "TCP", port.Protocol ?? "TCP", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var address in subset.Addresses ?? [])
            {
                yield return (address.Ip, match.Port);
            }
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
