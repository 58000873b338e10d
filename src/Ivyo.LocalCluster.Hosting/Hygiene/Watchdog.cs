using System.Diagnostics;
using System.Globalization;

namespace Ivyo.LocalCluster.Hosting.Hygiene;

/// <summary>
/// A small shell process that outlives the cluster's process only to clean up after it: when that process is gone
/// without having stopped the cluster (kill -9, a crash), it kills what <see cref="Leftovers"/> would find (pods'
/// processes, etcd, dnsmasq) and deletes the network namespace, so nothing of the cluster keeps running. It polls
/// twice a second. PR_SET_PDEATHSIG is no alternative: it fires when the forking thread exits, and .NET forks from
/// pool threads that come and go. Disposing it (the cluster stopped normally) kills it.
/// </summary>
public sealed class Watchdog : IDisposable
{
    // The data directory comes through the environment, not argv, so that the watchdog does not find itself.
    private const string Script = """
        parent=$1; netns=$2
        while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
        for round in 1 2 3 4 5; do
          for p in /proc/[0-9]*; do
            pid=${p#/proc/}
            [ "$pid" = "$$" ] && continue
            root=$(readlink "$p/root" 2>/dev/null)
            cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
            case "$root/" in "$IVYO_DATA/nodes/"*) kill -9 "$pid" 2>/dev/null; continue;; esac
            case "$cmd" in *"$IVYO_DATA/nodes/"*|*"$IVYO_DATA/etcd"*|*"$IVYO_DATA/dns/"*) kill -9 "$pid" 2>/dev/null;; esac
          done
          sleep 0.2
        done
        /usr/sbin/ip netns delete "$netns" 2>/dev/null
        exit 0
        """;

    private readonly Process _process;

    private Watchdog(Process process) => _process = process;

    public static Watchdog Start(string dataDirectory, string networkName)
    {
        var startInfo = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["-c", Script, "ivyo-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), networkName])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["IVYO_DATA"] = Path.GetFullPath(dataDirectory).TrimEnd('/');
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("the watchdog did not start");
        process.StandardInput.Close();
        return new Watchdog(process);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
