namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>POSIX shell quoting, for the few scripts the runtime hands to /bin/sh.</summary>
internal static class Shell
{
    public static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
