using System.Globalization;
using System.Runtime.InteropServices;

namespace Ivyo.Bench;

/// <summary>The machine a benchmark ran on, as Linux describes it.</summary>
public sealed record MachineInfo(string Date, string Cpu, int Cores, string Memory, string Kernel, string Runtime)
{
    /// <summary>The machine in one line, as the reports' <c>Machine</c> item starts: "AMD EPYC, 2 cores, 23.5 GiB memory, Linux 6.1, .NET 10.0.0".</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {Cores:N0} cores, {Memory} memory, Linux {Kernel}, {Runtime}");

    public static MachineInfo Read()
    {
        var now = DateTime.UtcNow;
        // As date -u prints it: "Thu Jun  5 09:03:01 UTC 2025".
        var date = string.Create(CultureInfo.InvariantCulture, $"{now:ddd MMM} {now.Day,2} {now:HH:mm:ss} UTC {now:yyyy}");
        return new MachineInfo(date, CpuModel(), Environment.ProcessorCount, MemoryTotal(), KernelRelease(), RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The file system a path is (or would be) on, from /proc/self/mounts: "ext4 (/dev/vda on /)".</summary>
    public static string FileSystemOf(string path)
    {
        var full = Path.GetFullPath(path);
        var best = (Mount: "", Line: (string[]?)null);
        foreach (var line in ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mount = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var contains = mount == "/" || full == mount || full.StartsWith(mount + "/", StringComparison.Ordinal);
            if (contains && mount.Length >= best.Mount.Length)
            {
                best = (mount, fields);
            }
        }

        return best.Line is { } found ? $"{found[2]} ({found[0]} on {best.Mount})" : "unknown";
    }

    private static string CpuModel()
    {
        foreach (var line in ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string MemoryTotal()
    {
        foreach (var line in ReadLines("/proc/meminfo"))
        {
            // "MemTotal:       24684092 kB"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["MemTotal:", var kilobytes, "kB"] && long.TryParse(kilobytes, CultureInfo.InvariantCulture, out var kb))
            {
                return (kb / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " GiB";
            }
        }

        return "unknown";
    }

    /// <summary>What <c>uname -r</c> prints.</summary>
    private static string KernelRelease() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
