using System.Net;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>
/// Gives each Service of type ClusterIP (and NodePort, LoadBalancer) an address from the service range
/// 10.96.0.0/16, as kube-apiserver's allocator does; <c>10.96.0.1</c> is the <c>kubernetes</c> Service's. Addresses
/// in use are read from the stored Services, so a restart over a durable store keeps them.
/// </summary>
public sealed class ClusterIpAllocator(IObjectStore store)
{
    private static readonly byte[] s_base = [10, 96, 0, 0];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public const string KubernetesServiceIp = "10.96.0.1";

    public async Task AllocateAsync(JsonObject service, CancellationToken cancellationToken)
    {
        var spec = service["spec"] as JsonObject ?? new JsonObject();
        service["spec"] = spec;
        var requested = (string?)spec["clusterIP"];
        if (requested == "None" || (string?)spec["type"] == "ExternalName")
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var used = await UsedAsync(cancellationToken);
            if (!string.IsNullOrEmpty(requested))
            {
                // 10.96.0.1 is reserved for the kubernetes Service, which the server itself creates.
                var reservedForIt = requested == KubernetesServiceIp && ObjectMetadata.Name(service) == "kubernetes"
                    && ObjectMetadata.Namespace(service) is "default" or "" && !(await StoredAsync(cancellationToken)).Contains(requested);
                if (used.Contains(requested) && !reservedForIt)
                {
                    throw ApiException.Invalid("", "Service", ObjectMetadata.Name(service),
                        [("spec.clusterIPs", $"spec.clusterIPs: Invalid value: []string{{\"{requested}\"}}: failed to allocate IP {requested}: provided IP is already allocated")]);
                }

                return;
            }

            for (var i = 2; i < 65534; i++)
            {
                var candidate = new IPAddress([s_base[0], s_base[1], (byte)(i >> 8), (byte)(i & 0xFF)]).ToString();
                if (!used.Contains(candidate))
                {
                    spec["clusterIP"] = candidate;
                    spec["clusterIPs"] = new JsonArray(candidate);
                    return;
                }
            }

            throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<HashSet<string>> UsedAsync(CancellationToken cancellationToken)
    {
        var used = await StoredAsync(cancellationToken);
        used.Add(KubernetesServiceIp);
        return used;
    }

    private async Task<HashSet<string>> StoredAsync(CancellationToken cancellationToken)
    {
        var services = await store.ListAsync(StorageKeys.Prefix("", "services", null), cancellationToken);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in services.Items)
        {
            if ((string?)item.Value["spec"]?["clusterIP"] is { Length: > 0 } ip && ip != "None")
            {
                used.Add(ip);
            }
        }

        return used;
    }
}
