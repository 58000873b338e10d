using System.Globalization;
using System.Text;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// The script that runs as the container's PID 1 inside its new mount namespace before the container's command:
/// it assembles <see cref="ContainerFilesystem"/> with mount(8), then chroot(8)s into it as the container's user,
/// changes to the working directory with env(1) and execs the command, which keeps PID 1. The command's argv
/// arrives as the script's own arguments, so it needs no quoting.
/// </summary>
public static class ContainerSetupScript
{
    public static string Build(ContainerFilesystem filesystem, ContainerUser? user, string? workingDirectory)
    {
        var script = new StringBuilder("set -e\n");
        var root = Shell.Quote(filesystem.Root);
        script.Append(CultureInfo.InvariantCulture,
            $"mount -t overlay overlay -o lowerdir=/,upperdir={Shell.Quote(filesystem.Upper)},workdir={Shell.Quote(filesystem.Work)} {root}\n");
        script.Append(CultureInfo.InvariantCulture, $"mount -t proc proc {root}/proc\n");
        script.Append(CultureInfo.InvariantCulture, $"mount --rbind /dev {root}/dev\n");
        script.Append(CultureInfo.InvariantCulture, $"mount -t tmpfs -o nosuid,nodev,mode=1777 shm {root}/dev/shm\n");
        script.Append(CultureInfo.InvariantCulture, $"mount --rbind /sys {root}/sys\n");
        // Mount points are resolved inside the container's root (its lower layer is the host's root), never through
        // a symlink that would lead out of it.
        var targets = filesystem.Mounts.ToDictionary(m => m, m => root + Shell.Quote(RootPath.Resolve("/", m.ContainerPath)));
        foreach (var mount in filesystem.Mounts)
        {
            var target = targets[mount];
            script.Append(CultureInfo.InvariantCulture, $"if [ -d {Shell.Quote(mount.Source)} ]; then mkdir -p {target}; else mkdir -p \"$(dirname {target})\"; [ -e {target} ] || touch {target}; fi\n");
        }

        if (filesystem.ReadOnlyRoot)
        {
            script.Append(CultureInfo.InvariantCulture, $"mount -o remount,ro {root}\n");
        }

        foreach (var mount in filesystem.Mounts)
        {
            var target = targets[mount];
            script.Append(CultureInfo.InvariantCulture, $"mount --bind {Shell.Quote(mount.Source)} {target}\n");
            if (mount.ReadOnly)
            {
                script.Append(CultureInfo.InvariantCulture, $"mount -o remount,bind,ro {target}\n");
            }
        }

        var identity = user is null
            ? ""
            : $"--userspec={user.Uid}:{user.Gid} --groups={string.Join(',', user.SupplementalGroups.Prepend(user.Gid).Distinct())} ";
        script.Append(CultureInfo.InvariantCulture, $"exec chroot {identity}{root} /usr/bin/env -C {Shell.Quote(workingDirectory ?? "/")} -- \"$@\"\n");
        return script.ToString();
    }
}
