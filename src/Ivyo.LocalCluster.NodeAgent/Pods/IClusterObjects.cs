using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>The objects a kubelet reads to start a pod: ConfigMaps, Secrets, Services, claims, volumes and tokens.</summary>
public interface IClusterObjects
{
    Task<V1ConfigMap?> GetConfigMapAsync(string ns, string name, CancellationToken cancellationToken);

    Task<V1Secret?> GetSecretAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>The Services whose variables go into containers: the namespace's and the <c>kubernetes</c> Service.</summary>
    Task<IReadOnlyList<V1Service>> ListServicesAsync(string ns, CancellationToken cancellationToken);

    Task<V1PersistentVolumeClaim?> GetClaimAsync(string ns, string name, CancellationToken cancellationToken);

    Task<V1PersistentVolume?> GetVolumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>A token for the pod's ServiceAccount, bound to the pod (TokenRequest), as the projected volume holds it.</summary>
    Task<string> RequestTokenAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken);
}
