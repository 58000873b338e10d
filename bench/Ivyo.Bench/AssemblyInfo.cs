using System.Runtime.Versioning;

// The local cluster benchmarks run pods as processes in Linux namespaces; the others run anywhere but are only run here.
[assembly: SupportedOSPlatform("linux")]
