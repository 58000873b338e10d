using System.Globalization;
using System.Net;
using System.Text;

namespace Ivyo.LocalCluster.Networking.Partitions;

/// <summary>
/// The nftables table of network partitions in the router namespace: each partition is a set of pod addresses (a pod's
/// /32, or a node's whole pod range) that may talk among themselves but to nothing else. Packets between a member and
/// a non-member are dropped where they pass the router (forward, after Service DNAT, so a Service VIP is no way
/// round), and so are packets from members to the router itself (the gateway's API server relay and DNS: input) and
/// from the router to members (output). Established connections stall too, as on a real partition. The whole table is
/// replaced in one nft transaction.
/// </summary>
public static class PartitionRules
{
    public const string Table = "ivyo-partitions";

    /// <summary>Runs before the filter priority, so nothing else accepts a packet first.</summary>
    private const int Priority = -10;

    public static string Render(IReadOnlyList<IReadOnlyList<IPNetwork>> partitions)
    {
        var sets = new StringBuilder();
        var forward = new StringBuilder();
        var input = new StringBuilder();
        var output = new StringBuilder();
        for (var i = 0; i < partitions.Count; i++)
        {
            if (partitions[i].Count == 0)
            {
                continue;
            }

            var set = "p" + i.ToString(CultureInfo.InvariantCulture);
            sets.Append(CultureInfo.InvariantCulture,
                $"  set {set} {{\n    type ipv4_addr; flags interval; auto-merge;\n    elements = {{ {string.Join(", ", partitions[i])} }}\n  }}\n");
            forward.Append(CultureInfo.InvariantCulture, $"    ip saddr @{set} ip daddr != @{set} drop\n    ip daddr @{set} ip saddr != @{set} drop\n");
            input.Append(CultureInfo.InvariantCulture, $"    ip saddr @{set} drop\n");
            output.Append(CultureInfo.InvariantCulture, $"    ip daddr @{set} drop\n");
        }

        return $$"""
            table ip {{Table}}
            delete table ip {{Table}}
            table ip {{Table}} {
            {{sets}}  chain forward {
                type filter hook forward priority {{Priority}}; policy accept;
            {{forward}}  }
              chain input {
                type filter hook input priority {{Priority}}; policy accept;
            {{input}}  }
              chain output {
                type filter hook output priority {{Priority}}; policy accept;
            {{output}}  }
            }

            """;
    }
}
