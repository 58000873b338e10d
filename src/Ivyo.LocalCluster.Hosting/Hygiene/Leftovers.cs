using System.Diagnostics;
using System.Globalization;

namespace Ivyo.LocalCluster.Hosting.Hygiene;

/// <summary>
/// What a local cluster can leave behind when its process dies without stopping it (kill -9, a crashed test): pods'
/// processes (chrooted under <c>&lt;data&gt;/nodes/</c>, or launched with paths there on their command line), etcd
/// (<c>--data-dir &lt;data&gt;/etcd</c>), dnsmasq (<c>&lt;data&gt;/dns/hosts</c>), its network namespace and mounts
/// under the data directory. <c>ivyo local down</c> and <c>up</c> clean them; tests check that none remain.
/// </summary>
public static class Leftovers
{
    /// <summary>The processes of the cluster in <paramref name="dataDirectory"/> (never this process).</summary>
    public static IReadOnlyList<(int Pid, string What)> Processes(string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory).TrimEnd('/');
        var markers = new[] { data + "/nodes/", data + "/etcd", data + "/dns/" };
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                var root = new FileInfo(Path.Combine(entry, "root")).LinkTarget ?? "";
                if ((root + "/").StartsWith(data + "/nodes/", StringComparison.Ordinal) || markers.Any(m => commandLine.Contains(m, StringComparison.Ordinal)))
                {
                    found.Add((pid, commandLine.Length > 0 ? commandLine : $"(root {root})"));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a kernel thread.
            }
        }

        return found;
    }

    /// <summary>Mount points under <paramref name="dataDirectory"/> in this mount namespace.</summary>
    public static IReadOnlyList<string> Mounts(string dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory).TrimEnd('/') + "/";
        return [.. File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => (point + "/").StartsWith(data, StringComparison.Ordinal))];
    }

    /// <summary>Whether the network namespace <paramref name="networkName"/> exists.</summary>
    public static bool NetworkExists(string networkName) => File.Exists("/run/netns/" + networkName);

    /// <summary>
    /// Kills every process of the cluster (SIGKILL: a pod's sandbox or container launcher takes its PID namespace
    /// along), then deletes its network namespace and unmounts what is mounted under its data directory.
    /// Returns what it removed, for the caller to report.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CleanAsync(string dataDirectory, string networkName)
    {
        var removed = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var processes = Processes(dataDirectory);
            if (processes.Count == 0)
            {
                break;
            }

            foreach (var (pid, what) in processes)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    removed.Add($"process {pid.ToString(CultureInfo.InvariantCulture)} ({Shorten(what)})");
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }

            await Task.Delay(100);
        }

        if (NetworkExists(networkName))
        {
            await RunAsync("/usr/sbin/ip", "netns", "delete", networkName);
            removed.Add($"network namespace {networkName}");
        }

        foreach (var mount in Mounts(dataDirectory).Reverse())
        {
            await RunAsync("/usr/bin/umount", "--lazy", mount);
            removed.Add($"mount {mount}");
        }

        return removed;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;

    private static async Task RunAsync(string executable, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        await process.WaitForExitAsync();
    }
}
