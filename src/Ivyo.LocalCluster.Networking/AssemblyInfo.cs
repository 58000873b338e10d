// Network namespaces, veth and nftables are Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
