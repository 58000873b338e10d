using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Hosting;

/// <summary>
/// What a new cluster has before anyone writes: the <c>default</c>, <c>kube-system</c>, <c>kube-public</c> and
/// <c>kube-node-lease</c> namespaces, the bootstrap RBAC policy, and the <c>kubernetes</c> Service (10.96.0.1:443)
/// with Endpoints at this server's address, kept current on every start as kube-apiserver's endpoint reconciler does.
/// On restart over a durable store it serves the CRDs already stored.
/// </summary>
public static class Bootstrap
{
    public static async Task RunAsync(ObjectService objects, ResourceTable table, Uri url, CancellationToken cancellationToken)
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

        await KubernetesServiceAsync(objects, table, url, cancellationToken);

        var crds = table.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;
        var list = await objects.ListAsync(crds, "", ListOptions.All, cancellationToken);
        table.SetCustomResources(list["items"]!.AsArray().Select(i => i!.AsObject()));
    }

    private static async Task KubernetesServiceAsync(ObjectService objects, ResourceTable table, Uri url, CancellationToken cancellationToken)
    {
        var writes = new WriteOptions(false, FieldValidation.Ignore);
        var services = table.Find("", "v1", "services")!;
        var ports = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = url.Port });
        if (await objects.Store.GetAsync(StorageKeys.Key("", "services", "default", "kubernetes"), cancellationToken) is null)
        {
            await objects.CreateAsync(services, "default", new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = "kubernetes",
                    ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
                },
                ["spec"] = new JsonObject
                {
                    ["clusterIP"] = Strategies.ClusterIpAllocator.KubernetesServiceIp,
                    ["ports"] = ports,
                    ["sessionAffinity"] = "None",
                    ["type"] = "ClusterIP",
                },
            }, writes, cancellationToken);
        }
        else
        {
            // A restart serves on a new port: the Service follows it.
            await objects.GuaranteedUpdateAsync(services, "default", "kubernetes", null, service =>
            {
                service["spec"]!["ports"] = ports.DeepClone();
                return service;
            }, "", writes, cancellationToken);
        }

        var endpoints = table.Find("", "v1", "endpoints")!;
        var subsets = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = url.Host }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = url.Port, ["protocol"] = "TCP" }),
        });
        try
        {
            await objects.CreateAsync(endpoints, "default", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
                ["subsets"] = subsets,
            }, writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            await objects.GuaranteedUpdateAsync(endpoints, "default", "kubernetes", null, current =>
            {
                current["subsets"] = subsets.DeepClone();
                return current;
            }, "", writes, cancellationToken);
        }
    }
}
