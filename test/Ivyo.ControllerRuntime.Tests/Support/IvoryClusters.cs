using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Resources;
using k8s;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Tests.Support;

/// <summary>A namespaced CRD shaped like IVYO's IvoryCluster, with a schema that keeps any field.</summary>
internal static class IvoryClusters
{
    public const string Group = "runtime.ivyo.test";
    public const string Version = "v1";
    public const string Kind = "IvoryCluster";
    public const string ApiVersion = Group + "/" + Version;

    public static ResourceType Type { get; } = new(Group, Version, "ivoryclusters", Namespaced: true);

    public static Task CreateCrdAsync(Kubernetes client) => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
    {
        Metadata = new V1ObjectMeta { Name = $"ivoryclusters.{Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "ivoryclusters", Singular = "ivorycluster", Kind = Kind, ListKind = Kind + "List" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = Version, Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                },
            ],
        },
    });

    /// <summary>Creates an IvoryCluster and returns its uid.</summary>
    public static async Task<string> CreateAsync(Kubernetes client, string ns, string name)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["instances"] = 1 },
        };
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, Version, ns, "ivoryclusters");
        var json = System.Text.Json.JsonSerializer.SerializeToElement(created);
        return json.GetProperty("metadata").GetProperty("uid").GetString()!;
    }
}
