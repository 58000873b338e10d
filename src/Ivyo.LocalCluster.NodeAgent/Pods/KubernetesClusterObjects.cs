using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary><see cref="IClusterObjects"/> read from the API server with the node agent's credentials.</summary>
public sealed class KubernetesClusterObjects(Kubernetes client) : IClusterObjects
{
    public Task<V1ConfigMap?> GetConfigMapAsync(string ns, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken));

    public Task<V1Secret?> GetSecretAsync(string ns, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<V1Service>> ListServicesAsync(string ns, CancellationToken cancellationToken)
    {
        var services = (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: cancellationToken)).Items.ToList();
        if (ns != "default" && await OrNull(() => client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default", cancellationToken: cancellationToken)) is { } master)
        {
            services.Add(master);
        }

        return services;
    }

    public Task<V1PersistentVolumeClaim?> GetClaimAsync(string ns, string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: cancellationToken));

    public Task<V1PersistentVolume?> GetVolumeAsync(string name, CancellationToken cancellationToken) =>
        OrNull(() => client.CoreV1.ReadPersistentVolumeAsync(name, cancellationToken: cancellationToken));

    public async Task<string> RequestTokenAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken)
    {
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = string.IsNullOrEmpty(audience) ? [] : [audience],
                ExpirationSeconds = expirationSeconds,
                BoundObjectRef = new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            },
        };
        var issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            request, pod.Spec.ServiceAccountName ?? "default", pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        return issued.Status.Token;
    }

    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
