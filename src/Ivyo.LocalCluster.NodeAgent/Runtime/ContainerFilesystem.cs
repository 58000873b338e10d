namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// A container's root filesystem: the host's root as a read-only lower layer under an overlay whose writable layer is
/// the container's own (so a container writing /tmp or /etc never writes the host), fresh /proc and /dev/shm, the
/// host's /dev and /sys, and the pod's volumes and generated files (/etc/hosts, /etc/resolv.conf) bind-mounted at
/// their paths. Everything is mounted in the container's private mount namespace: the host sees none of it.
/// </summary>
/// <param name="Root">An empty directory the root is assembled on.</param>
/// <param name="Upper">The overlay's writable layer: what the container writes outside its volumes.</param>
/// <param name="Work">The overlay's work directory (same filesystem as <paramref name="Upper"/>).</param>
public sealed record ContainerFilesystem(string Root, string Upper, string Work, IReadOnlyList<ContainerMount> Mounts, bool ReadOnlyRoot = false)
{
    /// <summary>Creates the directories under <paramref name="directory"/>, one folder per container.</summary>
    public static ContainerFilesystem Under(string directory, IReadOnlyList<ContainerMount> mounts, bool readOnlyRoot = false)
    {
        var filesystem = new ContainerFilesystem(
            Path.Combine(directory, "rootfs"), Path.Combine(directory, "upper"), Path.Combine(directory, "work"), mounts, readOnlyRoot);
        Directory.CreateDirectory(filesystem.Root);
        Directory.CreateDirectory(filesystem.Upper);
        Directory.CreateDirectory(filesystem.Work);
        return filesystem;
    }
}

/// <summary>A host file or directory bind-mounted at <paramref name="ContainerPath"/> inside the container.</summary>
public sealed record ContainerMount(string Source, string ContainerPath, bool ReadOnly = false);

/// <summary>Who the container's processes run as: securityContext's runAsUser, runAsGroup and supplemental groups.</summary>
public sealed record ContainerUser(long Uid, long Gid, IReadOnlyList<long> SupplementalGroups);
