using Ivyo.LocalCluster.NodeAgent.Pods;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>
/// A container's mounts: each <c>volumeMount</c> (with <c>subPath</c> or <c>subPathExpr</c>, read-only where asked
/// and always for configMap, secret, downwardAPI and projected volumes), the pod's hosts/hostname/resolv.conf unless
/// the container mounts its own there, and its termination message file.
/// </summary>
public static class ContainerMounts
{
    public static IReadOnlyList<ContainerMount> For(
        V1Pod pod, V1Container container, IReadOnlyDictionary<string, string> volumes, IReadOnlyList<(string ContainerPath, string HostPath)> podFiles,
        IReadOnlyDictionary<string, string> environment, string containerDirectory)
    {
        var mounts = new List<ContainerMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var source))
            {
                throw new VolumeNotReadyException(mount.Name, $"volume \"{mount.Name}\" is not in the pod's volumes");
            }

            var volume = pod.Spec.Volumes!.First(v => v.Name == mount.Name);
            var subPath = mount.SubPathExpr is { Length: > 0 } expression
                ? VariableExpansion.Expand(expression, name => environment.TryGetValue(name, out var value) ? value : "")
                : mount.SubPath;
            if (!string.IsNullOrEmpty(subPath))
            {
                source = Path.Combine(source, subPath);
                if (!Path.Exists(source))
                {
                    Directory.CreateDirectory(source);
                }
            }

            var alwaysReadOnly = volume.ConfigMap is not null || volume.Secret is not null || volume.DownwardAPI is not null || volume.Projected is not null;
            var readOnly = mount.ReadOnlyProperty == true || alwaysReadOnly || volume.PersistentVolumeClaim?.ReadOnlyProperty == true;
            mounts.Add(new ContainerMount(source, mount.MountPath, readOnly));
        }

        foreach (var (path, host) in podFiles)
        {
            if (!mounts.Any(m => m.ContainerPath == path))
            {
                mounts.Add(new ContainerMount(host, path));
            }
        }

        var terminationMessage = Path.Combine(containerDirectory, "termination-log");
        if (!File.Exists(terminationMessage))
        {
            File.WriteAllText(terminationMessage, "");
            File.SetUnixFileMode(terminationMessage, (UnixFileMode)438); // 0666: any container user may write it
        }

        mounts.Add(new ContainerMount(terminationMessage, container.TerminationMessagePath ?? "/dev/termination-log"));
        return mounts;
    }
}
