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

    /// <summary>fsGroup on a writable volume: group ownership, group read/write, and setgid on directories, recursively.</summary>
    public static void ApplyFsGroup(string directory, long group)
    {
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
