using System.Text;
using Ivyo.LocalCluster.NodeAgent.Pods;
using k8s.Models;
using static Ivyo.LocalCluster.NodeAgent.Volumes.AtomicWriter;

namespace Ivyo.LocalCluster.NodeAgent.Volumes;

/// <summary>
/// Sets up a pod's volumes in its directory, as the kubelet's volume plugins do: emptyDir, configMap, secret,
/// downwardAPI, projected (with bound ServiceAccount tokens, refreshed before they expire), persistentVolumeClaim
/// (the bound PersistentVolume's directory) and hostPath. File volumes are rewritten atomically when their sources
/// change. fsGroup owns writable volumes and the files of the others.
/// </summary>
public sealed class PodVolumes(IClusterObjects objects, TimeProvider time)
{
    private const UnixFileMode DefaultMode = (UnixFileMode)420; // 0644, Kubernetes' defaultMode

    private readonly Dictionary<string, (string Token, DateTimeOffset RefreshAt)> _tokens = new(StringComparer.Ordinal);

    /// <summary>Prepares (or refreshes) every volume; returns each volume's host path.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(
        V1Pod pod, string podDirectory, string? hostIp, IReadOnlyDictionary<string, decimal> allocatable, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var fsGroup = pod.Spec.SecurityContext?.FsGroup;
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var directory = Path.Combine(podDirectory, "volumes", Plugin(volume), volume.Name);
            paths[volume.Name] = volume switch
            {
                { EmptyDir: not null } => EmptyDir(directory, fsGroup),
                { ConfigMap: { } source } => await ConfigMapAsync(pod, volume.Name, directory, source, fsGroup, cancellationToken),
                { Secret: { } source } => await SecretAsync(pod, volume.Name, directory, source, fsGroup, cancellationToken),
                { DownwardAPI: { } source } => Write(directory, DownwardApi(pod, source.Items, source.DefaultMode, hostIp, allocatable), fsGroup),
                { Projected: { } source } => Write(directory, await ProjectedAsync(pod, volume.Name, source, hostIp, allocatable, cancellationToken), fsGroup),
                { PersistentVolumeClaim: { } claim } => await ClaimAsync(pod, volume.Name, claim.ClaimName, cancellationToken),
                { HostPath: { } hostPath } => HostPath(volume.Name, hostPath),
                _ => throw new VolumeNotReadyException(volume.Name, "this volume type is not supported by the local cluster"),
            };
        }

        return paths;
    }

    private static string Plugin(V1Volume volume) => volume switch
    {
        { EmptyDir: not null } => "kubernetes.io~empty-dir",
        { ConfigMap: not null } => "kubernetes.io~configmap",
        { Secret: not null } => "kubernetes.io~secret",
        { DownwardAPI: not null } => "kubernetes.io~downward-api",
        { Projected: not null } => "kubernetes.io~projected",
        _ => "kubernetes.io~other",
    };

    private string Write(string directory, IReadOnlyList<VolumeFile> files, long? fsGroup)
    {
        AtomicWriter.Write(directory, files, fsGroup, time);
        return directory;
    }

    private static string EmptyDir(string directory, long? fsGroup)
    {
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            // World-writable like the kubelet's emptyDir (0777), so any container user can use it.
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
            if (fsGroup is { } group)
            {
                Ownership.ApplyFsGroup(directory, group);
            }
        }

        return directory;
    }

    private async Task<string> ConfigMapAsync(V1Pod pod, string volume, string directory, V1ConfigMapVolumeSource source, long? fsGroup, CancellationToken cancellationToken)
    {
        var configMap = await objects.GetConfigMapAsync(pod.Metadata.NamespaceProperty, source.Name, cancellationToken);
        if (configMap is null && source.Optional != true)
        {
            throw new VolumeNotReadyException(volume, $"configmap \"{source.Name}\" not found");
        }

        var data = (configMap?.Data ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value));
        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value;
        }

        return Write(directory, Items(volume, data, source.Items, source.DefaultMode, source.Optional == true, secret: false), fsGroup);
    }

    private async Task<string> SecretAsync(V1Pod pod, string volume, string directory, V1SecretVolumeSource source, long? fsGroup, CancellationToken cancellationToken)
    {
        var secret = await objects.GetSecretAsync(pod.Metadata.NamespaceProperty, source.SecretName, cancellationToken);
        if (secret is null && source.Optional != true)
        {
            throw new VolumeNotReadyException(volume, $"secret \"{source.SecretName}\" not found");
        }

        var data = (secret?.Data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => p.Value);
        return Write(directory, Items(volume, data, source.Items, source.DefaultMode, source.Optional == true, secret: true), fsGroup);
    }

    /// <summary>All keys as files, or only <paramref name="items"/> at their paths; a listed key that is missing fails.</summary>
    private static List<VolumeFile> Items(
        string volume, Dictionary<string, byte[]> data, IList<V1KeyToPath>? items, int? defaultMode, bool optional, bool secret)
    {
        var mode = defaultMode is { } m ? (UnixFileMode)m : DefaultMode;
        if (items is null || items.Count == 0)
        {
            return [.. data.Select(p => new VolumeFile(p.Key, p.Value, mode))];
        }

        var files = new List<VolumeFile>();
        foreach (var item in items)
        {
            if (!data.TryGetValue(item.Key, out var content))
            {
                if (optional)
                {
                    continue;
                }

                throw new VolumeNotReadyException(volume, secret
                    ? $"references non-existent secret key: {item.Key}"
                    : $"configmap references non-existent config key: {item.Key}");
            }

            files.Add(new VolumeFile(item.Path, content, item.Mode is { } itemMode ? (UnixFileMode)itemMode : mode));
        }

        return files;
    }

    private static List<VolumeFile> DownwardApi(
        V1Pod pod, IList<V1DownwardAPIVolumeFile>? items, int? defaultMode, string? hostIp, IReadOnlyDictionary<string, decimal> allocatable)
    {
        var mode = defaultMode is { } m ? (UnixFileMode)m : DefaultMode;
        var files = new List<VolumeFile>();
        foreach (var item in items ?? [])
        {
            var text = item.FieldRef is { } field
                ? FieldPaths.PodField(pod, field.FieldPath, hostIp)
                : FieldPaths.ContainerResource(
                    pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).First(c => c.Name == item.ResourceFieldRef.ContainerName),
                    item.ResourceFieldRef.Resource, item.ResourceFieldRef.Divisor, allocatable);
            files.Add(new VolumeFile(item.Path, Encoding.UTF8.GetBytes(text), item.Mode is { } itemMode ? (UnixFileMode)itemMode : mode));
        }

        return files;
    }

    private async Task<List<VolumeFile>> ProjectedAsync(
        V1Pod pod, string volume, V1ProjectedVolumeSource source, string? hostIp, IReadOnlyDictionary<string, decimal> allocatable, CancellationToken cancellationToken)
    {
        var files = new List<VolumeFile>();
        var mode = source.DefaultMode is { } m ? (UnixFileMode)m : DefaultMode;
        var ns = pod.Metadata.NamespaceProperty;
        foreach (var projection in source.Sources ?? [])
        {
            if (projection.ServiceAccountToken is { } token)
            {
                var key = $"{pod.Metadata.Uid}/{volume}/{token.Path}";
                var now = time.GetUtcNow();
                if (!_tokens.TryGetValue(key, out var held) || held.RefreshAt <= now)
                {
                    var expiration = token.ExpirationSeconds ?? 3600;
                    // Refreshed at 80% of its life, as the kubelet's token manager does.
                    held = (await objects.RequestTokenAsync(pod, token.Audience, expiration, cancellationToken), now.AddSeconds(expiration * 0.8));
                    _tokens[key] = held;
                }

                files.Add(new VolumeFile(token.Path, Encoding.UTF8.GetBytes(held.Token), mode));
            }
            else if (projection.ConfigMap is { } configMapProjection)
            {
                var configMap = await objects.GetConfigMapAsync(ns, configMapProjection.Name, cancellationToken);
                if (configMap is null && configMapProjection.Optional != true)
                {
                    throw new VolumeNotReadyException(volume, $"configmap \"{configMapProjection.Name}\" not found");
                }

                var data = (configMap?.Data ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value));
                files.AddRange(Items(volume, data, configMapProjection.Items, (int)mode, configMapProjection.Optional == true, secret: false));
            }
            else if (projection.Secret is { } secretProjection)
            {
                var secret = await objects.GetSecretAsync(ns, secretProjection.Name, cancellationToken);
                if (secret is null && secretProjection.Optional != true)
                {
                    throw new VolumeNotReadyException(volume, $"secret \"{secretProjection.Name}\" not found");
                }

                var data = (secret?.Data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => p.Value);
                files.AddRange(Items(volume, data, secretProjection.Items, (int)mode, secretProjection.Optional == true, secret: true));
            }
            else if (projection.DownwardAPI is { } downward)
            {
                files.AddRange(DownwardApi(pod, downward.Items, (int)mode, hostIp, allocatable));
            }
        }

        return files;
    }

    private async Task<string> ClaimAsync(V1Pod pod, string volume, string claimName, CancellationToken cancellationToken)
    {
        var claim = await objects.GetClaimAsync(pod.Metadata.NamespaceProperty, claimName, cancellationToken)
            ?? throw new VolumeNotReadyException(volume, $"persistentvolumeclaim \"{claimName}\" not found");
        if (claim.Status?.Phase != "Bound" || string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            throw new VolumeNotReadyException(volume, $"persistentvolumeclaim \"{claimName}\" is not bound");
        }

        var persistentVolume = await objects.GetVolumeAsync(claim.Spec.VolumeName, cancellationToken)
            ?? throw new VolumeNotReadyException(volume, $"persistentvolume \"{claim.Spec.VolumeName}\" not found");
        var path = persistentVolume.Spec?.HostPath?.Path ?? persistentVolume.Spec?.Local?.Path
            ?? throw new VolumeNotReadyException(volume, $"persistentvolume \"{claim.Spec.VolumeName}\" has no local path");
        Directory.CreateDirectory(path);
        if (pod.Spec.SecurityContext?.FsGroup is { } group)
        {
            Ownership.ApplyFsGroup(path, group, pod.Spec.SecurityContext.FsGroupChangePolicy);
        }

        return path;
    }

    private static string HostPath(string volume, V1HostPathVolumeSource source)
    {
        if (source.Type is "DirectoryOrCreate")
        {
            Directory.CreateDirectory(source.Path);
        }
        else if (!Path.Exists(source.Path) && source.Type is "Directory" or "File")
        {
            throw new VolumeNotReadyException(volume, $"hostPath type check failed: {source.Path} does not exist");
        }

        return source.Path;
    }
}
