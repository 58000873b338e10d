namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// The util-linux tools that create and enter namespaces (Debian's util-linux, always installed): unshare(1) and
/// nsenter(1) do exactly the clone/setns dance, so we drive them rather than re-implementing it over raw syscalls
/// from a multi-threaded runtime, where setns of a mount or PID namespace is not allowed.
/// </summary>
public sealed record NamespaceTools(string Unshare = "/usr/bin/unshare", string Nsenter = "/usr/bin/nsenter")
{
    /// <summary>Fails with what to install when the tools are missing, and when we are not root.</summary>
    public void EnsureUsable()
    {
        foreach (var tool in (string[])[Unshare, Nsenter])
        {
            if (!File.Exists(tool))
            {
                throw new FileNotFoundException($"{tool} is missing; it comes with Debian's util-linux package (scripts/install-prerequisites.sh).", tool);
            }
        }

        if (Environment.UserName != "root")
        {
            throw new UnauthorizedAccessException("The node agent creates Linux namespaces for pods and must run as root.");
        }
    }
}
