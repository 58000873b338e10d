namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>Where iproute2's ip and nftables' nft live (Debian's iproute2 and nftables packages).</summary>
public sealed record NetworkTools(string Ip = "/usr/sbin/ip", string Nft = "/usr/sbin/nft")
{
    public void EnsureUsable()
    {
        foreach (var (tool, package) in new[] { (Ip, "iproute2"), (Nft, "nftables") })
        {
            if (!File.Exists(tool))
            {
                throw new FileNotFoundException($"{tool} is missing; it comes with Debian's {package} package (scripts/install-prerequisites.sh).", tool);
            }
        }
    }
}
