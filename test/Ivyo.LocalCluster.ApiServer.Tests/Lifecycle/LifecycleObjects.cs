using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>Objects the lifecycle tests own and delete: namespaces, owners, dependents, and an IvoryCluster-like CRD.</summary>
internal static class LifecycleObjects
{
    public const string Group = "lifecycle.ivyo.test";
    public const string CrdVersion = "v1";
    public const string Plural = "ivoryclusters";
    public const string Kind = "IvoryCluster";

    public static async Task<string> NamespaceAsync(Kubernetes client, string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public static Task<V1Secret> SecretAsync(Kubernetes client, string ns, string name) =>
        client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, ns);

    public static Task<V1ConfigMap> ConfigMapAsync(Kubernetes client, string ns, string name, IEnumerable<V1OwnerReference>? owners = null, IList<string>? finalizers = null) =>
        client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners?.ToList(), Finalizers = finalizers },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }, ns);

    public static V1OwnerReference OwnedBy(V1Secret owner, bool block = false) => Owner("v1", "Secret", owner.Metadata.Name, owner.Metadata.Uid, block);

    public static V1OwnerReference Owner(string apiVersion, string kind, string name, string uid, bool block) =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, BlockOwnerDeletion = block, Controller = block ? true : null };

    public static Task<bool> ConfigMapExistsAsync(Kubernetes client, string ns, string name) =>
        Eventually.ExistsAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns));

    public static Task<bool> SecretExistsAsync(Kubernetes client, string ns, string name) =>
        Eventually.ExistsAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, ns));

    /// <summary>Removes every finalizer of the ConfigMap (the test plays the controller that owns them).</summary>
    public static Task<V1ConfigMap> ReleaseAsync(Kubernetes client, string ns, string name) =>
        client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), name, ns);

    /// <summary>A namespaced CRD like IVYO's IvoryCluster, with a schema that keeps any field.</summary>
    public static async Task EnsureCrdAsync(Kubernetes client)
    {
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
            {
                Metadata = new V1ObjectMeta { Name = $"{Plural}.{Group}" },
                Spec = new V1CustomResourceDefinitionSpec
                {
                    Group = Group,
                    Scope = "Namespaced",
                    Names = new V1CustomResourceDefinitionNames { Plural = Plural, Singular = "ivorycluster", Kind = Kind, ListKind = Kind + "List" },
                    Versions =
                    [
                        new V1CustomResourceDefinitionVersion
                        {
                            Name = CrdVersion, Served = true, Storage = true,
                            Schema = new V1CustomResourceValidation
                            {
                                OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                            },
                        },
                    ],
                },
            });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>Creates an IvoryCluster and returns its uid.</summary>
    public static async Task<string> IvoryClusterAsync(Kubernetes client, string ns, string name)
    {
        var body = new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Group}/{CrdVersion}",
            ["kind"] = Kind,
            ["metadata"] = new Dictionary<string, object> { ["name"] = name },
            ["spec"] = new Dictionary<string, object> { ["instances"] = 1 },
        };
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, CrdVersion, ns, Plural);
        var json = System.Text.Json.JsonSerializer.SerializeToElement(created);
        return json.GetProperty("metadata").GetProperty("uid").GetString()!;
    }

    public static Task<bool> IvoryClusterExistsAsync(Kubernetes client, string ns, string name) =>
        Eventually.ExistsAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(Group, CrdVersion, ns, Plural, name));

    public static Task<V1Service> ServiceAsync(Kubernetes client, string ns, string name, IEnumerable<V1OwnerReference>? owners = null) =>
        client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners?.ToList() },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432, Name = "postgres" }] },
        }, ns);

    public static Task<bool> ServiceExistsAsync(Kubernetes client, string ns, string name) =>
        Eventually.ExistsAsync(() => client.CoreV1.ReadNamespacedServiceAsync(name, ns));
}
