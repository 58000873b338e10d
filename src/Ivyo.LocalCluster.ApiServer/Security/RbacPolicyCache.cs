using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Auth;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// The RBAC objects the authorizer decides with, read from the store and kept until an RBAC object is written
/// (the request handler invalidates the cache after every write to rbac.authorization.k8s.io).
/// </summary>
public sealed class RbacPolicyCache(IObjectStore store)
{
    private static readonly string[] s_resources = ["roles", "clusterroles", "rolebindings", "clusterrolebindings"];
    private volatile RbacAuthorizer? _authorizer;

    public async Task<RbacAuthorizer> AuthorizerAsync(CancellationToken cancellationToken)
    {
        if (_authorizer is { } cached)
        {
            return cached;
        }

        var objects = new List<JsonObject>();
        foreach (var resource in s_resources)
        {
            var list = await store.ListAsync(StorageKeys.Prefix("rbac.authorization.k8s.io", resource, null), cancellationToken);
            objects.AddRange(list.Items.Select(item => WithKind(item.Value, resource)));
        }

        var authorizer = new RbacAuthorizer(RbacPolicySnapshot.Create(objects));
        _authorizer = authorizer;
        return authorizer;
    }

    public void Invalidate() => _authorizer = null;

    private static JsonObject WithKind(JsonObject obj, string resource)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = "rbac.authorization.k8s.io/v1";
        copy["kind"] = resource switch
        {
            "roles" => "Role",
            "clusterroles" => "ClusterRole",
            "rolebindings" => "RoleBinding",
            _ => "ClusterRoleBinding",
        };
        return copy;
    }
}
