using System.Text;

namespace Ivyo.Bench;

/// <summary>Finds a pod's process on the host by a marker in its command line, as <c>pgrep -f</c> would.</summary>
public static class PodProcesses
{
    /// <summary>
    /// The network namespace (<c>/proc/PID/ns/net</c>) of the process whose program is <paramref name="program"/>
    /// and whose arguments include <paramref name="marker"/>, when it is not this process's own namespace; null while
    /// there is none (the node agent's wrappers carry the marker too but run <c>nsenter</c> and <c>unshare</c>).
    /// </summary>
    public static string? NetworkNamespaceOf(string program, string marker)
    {
        var own = LinkTarget("/proc/self/ns/net");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var arguments = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Split('\0');
                if (arguments.Length > 0 && arguments[0].EndsWith(program, StringComparison.Ordinal) && arguments.Contains(marker, StringComparer.Ordinal))
                {
                    var path = Path.Combine(directory, "ns", "net");
                    if (LinkTarget(path) is { } target && target != own)
                    {
                        return path;
                    }
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;
}
