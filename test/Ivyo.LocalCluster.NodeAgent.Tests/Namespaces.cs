using System.Diagnostics;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// These tests run real processes in new Linux namespaces, which needs root. Without it they fail, loudly and with
/// the reason: a skipped runtime test would hide that nothing was tested.
/// </summary>
internal static class Namespaces
{
    public static void Require()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The node agent tests create Linux namespaces and must run as root (CI does).");
        }

        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/unshare", ["--net", "--uts", "--ipc", "--pid", "--fork", "--mount-proc", "true"])
        {
            RedirectStandardError = true,
        })!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        if (probe.ExitCode != 0)
        {
            throw new InvalidOperationException($"This machine cannot create namespaces for pods: unshare failed: {error.Trim()}");
        }
    }
}
