using System.Globalization;

namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>
/// Writes a volume's files so that readers never see a half-updated set, as the kubelet's AtomicWriter does: the
/// files go into a fresh <c>..&lt;timestamp&gt;</c> directory, the <c>..data</c> symlink is swapped to it in one rename,
/// and each top-level name is a symlink through <c>..data</c>. Programs that watch their config (Patroni, pgBackRest)
/// see a ConfigMap update as one change.
/// </summary>
public static class AtomicWriter
{
    private const string DataLink = "..data";

    /// <summary>One file: its path relative to the volume, content and mode.</summary>
    public sealed record VolumeFile(string Path, byte[] Content, UnixFileMode Mode);

    /// <summary>Writes <paramref name="files"/> unless the volume already holds exactly them; returns whether it wrote.</summary>
    public static bool Write(string directory, IReadOnlyList<VolumeFile> files, long? group, TimeProvider time)
    {
        if (group is not null)
        {
            // As the kubelet's SetVolumeOwnership on these read-only volumes: the fsGroup may read every file (mode | 0440).
            files = [.. files.Select(f => f with { Mode = f.Mode | UnixFileMode.UserRead | UnixFileMode.GroupRead })];
        }

        Directory.CreateDirectory(directory);
        var current = Path.Combine(directory, DataLink);
        if (Matches(current, files))
        {
            return false;
        }

        var stamp = ".." + time.GetUtcNow().ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture);
        var target = Path.Combine(directory, stamp);
        Directory.CreateDirectory(target);
        foreach (var file in files)
        {
            var path = Path.Combine(target, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
            File.SetUnixFileMode(path, file.Mode);
            if (group is { } gid)
            {
                Ownership.SetGroup(path, gid);
            }
        }

        var previous = new FileInfo(current).LinkTarget;
        var swap = Path.Combine(directory, "..data_tmp");
        File.Delete(swap);
        File.CreateSymbolicLink(swap, stamp);
        Ownership.Rename(swap, current);

        var topLevel = files.Select(f => f.Path.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName))
        {
            if (entry is null || entry.StartsWith("..", StringComparison.Ordinal) || topLevel.Contains(entry))
            {
                continue;
            }

            File.Delete(Path.Combine(directory, entry));
        }

        foreach (var name in topLevel)
        {
            var link = Path.Combine(directory, name);
            if (!File.Exists(link) && !Directory.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
            }
        }

        if (previous is not null && previous != stamp)
        {
            Directory.Delete(Path.Combine(directory, previous), recursive: true);
        }

        return true;
    }

    private static bool Matches(string current, IReadOnlyList<VolumeFile> files)
    {
        if (!Directory.Exists(current))
        {
            return false;
        }

        var existing = Directory.EnumerateFiles(current, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(current, p)).ToHashSet(StringComparer.Ordinal);
        return existing.SetEquals(files.Select(f => f.Path))
            && files.All(f => File.ReadAllBytes(Path.Combine(current, f.Path)).AsSpan().SequenceEqual(f.Content)
                && File.GetUnixFileMode(Path.Combine(current, f.Path)) == f.Mode);
    }
}
