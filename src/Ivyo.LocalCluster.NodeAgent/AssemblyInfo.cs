// The node agent drives Linux namespaces, mounts and file modes: it exists for Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
