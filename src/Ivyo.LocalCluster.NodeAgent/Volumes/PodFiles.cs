using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>
/// The files the kubelet writes for every pod and mounts into its containers: <c>/etc/hosts</c> (with the pod's
/// hostname, its subdomain name and <c>hostAliases</c>), <c>/etc/hostname</c> and <c>/etc/resolv.conf</c> (cluster
/// DNS with the namespace's search path and <c>ndots:5</c>).
/// </summary>
public static class PodFiles
{
    public const string ClusterDomain = "cluster.local";

    /// <summary>Writes the files into <paramref name="podDirectory"/>/etc; returns their container paths and host paths.</summary>
    public static IReadOnlyList<(string ContainerPath, string HostPath)> Write(V1Pod pod, string podDirectory, string? podIp, string? clusterDns)
    {
        var etc = Directory.CreateDirectory(Path.Combine(podDirectory, "etc")).FullName;
        var hostname = pod.Spec.Hostname is { Length: > 0 } h ? h : pod.Metadata.Name;
        var ns = pod.Metadata.NamespaceProperty;

        var hosts = new StringBuilder("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
            .Append("fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (!string.IsNullOrEmpty(podIp))
        {
            var names = pod.Spec.Subdomain is { Length: > 0 } subdomain ? $"{hostname}.{subdomain}.{ns}.svc.{ClusterDomain}\t{hostname}" : hostname;
            hosts.Append(podIp).Append('\t').Append(names).Append('\n');
        }

        foreach (var alias in pod.Spec.HostAliases ?? [])
        {
            hosts.Append("\n# Entries added by HostAliases.\n").Append(alias.Ip).Append('\t').Append(string.Join('\t', alias.Hostnames ?? [])).Append('\n');
        }

        var resolv = new StringBuilder();
        if (pod.Spec.DnsPolicy is "ClusterFirst" or "ClusterFirstWithHostNet" or null && clusterDns is not null)
        {
            resolv.Append("search ").Append(ns).Append(".svc.").Append(ClusterDomain).Append(" svc.").Append(ClusterDomain).Append(' ').Append(ClusterDomain).Append('\n');
            resolv.Append("nameserver ").Append(clusterDns).Append("\noptions ndots:5\n");
        }

        List<(string, string, string)> files =
        [
            ("/etc/hosts", Path.Combine(etc, "hosts"), hosts.ToString()),
            ("/etc/hostname", Path.Combine(etc, "hostname"), hostname + "\n"),
            ("/etc/resolv.conf", Path.Combine(etc, "resolv.conf"), resolv.ToString()),
        ];
        foreach (var (_, path, content) in files)
        {
            File.WriteAllText(path, content);
        }

        return [.. files.Select(f => (f.Item1, f.Item2))];
    }
}
