using Ivyo.LocalCluster.NodeAgent.Volumes;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// fsGroup as the kubelet applies it: recursively by default, and with <c>OnRootMismatch</c> only while the volume's
/// root is not yet right, so a PostgreSQL data directory (0700) inside keeps its mode across pod restarts.
/// </summary>
public sealed class FsGroupTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _volume = Directory.CreateTempSubdirectory("ivyo-fsgroup-").FullName;

    public void Dispose() => Directory.Delete(_volume, recursive: true);

    [Fact]
    public void On_root_mismatch_leaves_the_inside_alone_once_the_root_is_right()
    {
        var pgdata = Directory.CreateDirectory(Path.Combine(_volume, "pgdata")).FullName;

        Ownership.ApplyFsGroup(_volume, 26, "OnRootMismatch");
        File.SetUnixFileMode(pgdata, OwnerOnly);
        Ownership.ApplyFsGroup(_volume, 26, "OnRootMismatch");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(pgdata));
        Assert.True(File.GetUnixFileMode(_volume).HasFlag(UnixFileMode.SetGroup | UnixFileMode.GroupWrite));
    }

    [Fact]
    public void Always_opens_every_directory_to_the_group_again()
    {
        var pgdata = Directory.CreateDirectory(Path.Combine(_volume, "pgdata")).FullName;
        Ownership.ApplyFsGroup(_volume, 26);
        File.SetUnixFileMode(pgdata, OwnerOnly);

        Ownership.ApplyFsGroup(_volume, 26);

        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.SetGroup, File.GetUnixFileMode(pgdata));
    }

    [Fact]
    public void Secret_files_are_readable_by_the_fs_group_whatever_their_mode()
    {
        // A Secret with defaultMode 0600, as IVYO's certificate volumes: the kubelet adds 0440 for the fsGroup, so a
        // database user in that group reads its key (PostgreSQL accepts a root-owned key with group read).
        var files = new[] { new AtomicWriter.VolumeFile("tls.key", "key"u8.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite) };
        AtomicWriter.Write(_volume, files, 26, TimeProvider.System);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(_volume, "..data", "tls.key")));
        Assert.False(AtomicWriter.Write(_volume, files, 26, TimeProvider.System), "an unchanged volume is not rewritten");

        var other = Directory.CreateTempSubdirectory("ivyo-nogroup-").FullName;
        try
        {
            AtomicWriter.Write(other, files, null, TimeProvider.System);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(other, "..data", "tls.key")));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }
}
