using System.Runtime.InteropServices;

namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>chown(2) for fsGroup (volume files belong to the pod's fsGroup, as the kubelet sets them) and rename(2).</summary>
internal static partial class Ownership
{
    /// <summary>Sets the group of <paramref name="path"/> (not following symlinks), keeping the owner.</summary>
    public static void SetGroup(string path, long group)
    {
        if (lchown(path, -1, (int)group) != 0)
        {
            throw new IOException($"chown {path} to group {group} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// fsGroup on a writable volume: group ownership, group read/write, and setgid on directories, recursively, as the
    /// kubelet's SetVolumeOwnership does; with <c>fsGroupChangePolicy: OnRootMismatch</c> nothing changes when the
    /// volume's root already has the group and those bits (which keeps a PostgreSQL data directory at 0700).
    /// </summary>
    public static void ApplyFsGroup(string directory, long group, string? changePolicy = null)
    {
        if (changePolicy == "OnRootMismatch" && !RequiresChange(directory, group))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Prepend(directory))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                continue;
            }

            SetGroup(path, group);
            var mode = File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
            if (Directory.Exists(path))
            {
                mode |= UnixFileMode.GroupExecute | UnixFileMode.SetGroup;
            }

            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool RequiresChange(string directory, long group)
    {
        var needed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.SetGroup;
        return GroupOf(directory) != group || (File.GetUnixFileMode(directory) & needed) != needed;
    }

    /// <summary>The file's group, from stat(1): .NET has no API for it, and struct stat's layout is per architecture.</summary>
    private static long GroupOf(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", ["-c", "%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// rename(2): atomically replaces <paramref name="target"/>, also when both are symlinks to directories, which
    /// File.Move refuses (it wants a file behind the link).
    /// </summary>
    public static void Rename(string source, string target)
    {
        if (rename(source, target) != 0)
        {
            throw new IOException($"rename {source} to {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string source, string target);
}
