using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Hosting;

/// <summary>
/// What a new cluster has before anyone writes: the <c>default</c>, <c>kube-system</c>, <c>kube-public</c> and
/// <c>kube-node-lease</c> namespaces. On restart over a durable store it serves the CRDs already stored.
/// </summary>
public static class Bootstrap
{
    public static async Task RunAsync(ObjectService objects, ResourceTable table, CancellationToken cancellationToken)
    {
        var namespaces = table.Find("", "v1", "namespaces")!;
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            try
            {
                await objects.CreateAsync(namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } },
                    new WriteOptions(false, FieldValidation.Strict), cancellationToken);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }

        // Kubernetes' bootstrap RBAC policy: cluster-admin for system:masters, discovery for everyone authenticated.
        foreach (var policyObject in Auth.BootstrapPolicy.Objects())
        {
            var resource = table.Find("rbac.authorization.k8s.io", "v1", (string?)policyObject["kind"] == "ClusterRole" ? "clusterroles" : "clusterrolebindings")!;
            try
            {
                await objects.CreateAsync(resource, "", policyObject, new WriteOptions(false, FieldValidation.Ignore), cancellationToken);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }

        var crds = table.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;
        var list = await objects.ListAsync(crds, "", ListOptions.All, cancellationToken);
        table.SetCustomResources(list["items"]!.AsArray().Select(i => i!.AsObject()));
    }
}
