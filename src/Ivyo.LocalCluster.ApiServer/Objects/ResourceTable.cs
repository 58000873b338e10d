using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.Schema.Validation;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// The resources served right now: the built-in catalog plus one entry per version of every established
/// CustomResourceDefinition. Replaced as a whole when CRDs change, so readers never see a half-updated table.
/// </summary>
public sealed class ResourceTable
{
    private volatile Snapshot _snapshot;

    public ResourceTable()
    {
        var catalog = ResourceCatalog.CreateBuiltIn();
        _snapshot = new Snapshot(catalog, catalog.All.ToDictionary(Key, type => new ServedResource(type)), []);
    }

    public ResourceCatalog Catalog => _snapshot.Catalog;

    public ServedResource? Find(string group, string version, string resource) =>
        _snapshot.Served.TryGetValue((group, version, resource), out var served) ? served : null;

    public IEnumerable<ServedResource> All => _snapshot.Served.Values;

    /// <summary>Serves the custom resources of these CRDs (replacing the previous set).</summary>
    public void SetCustomResources(IEnumerable<JsonObject> crds)
    {
        var builtIn = ResourceCatalog.CreateBuiltIn();
        var custom = new List<(ResourceType Type, CustomResourceValidator Validator)>();
        var schemas = new Dictionary<(string, string, string), JsonObject>();
        foreach (var crd in crds)
        {
            var typed = KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString());
            foreach (var type in ResourceType.FromCrd(crd))
            {
                var version = typed.Spec.Versions.FirstOrDefault(v => v.Name == type.Version);
                var schema = version?.Schema?.OpenAPIV3Schema ?? new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
                custom.Add((type, new CustomResourceValidator(schema)));
                schemas[Key(type)] = JsonNode.Parse(KubernetesJson.Serialize(schema))!.AsObject();
            }
        }

        var catalog = builtIn.WithCustomResources(custom.Select(c => c.Type));
        var served = builtIn.All.ToDictionary(Key, type => new ServedResource(type));
        foreach (var (type, validator) in custom)
        {
            served[Key(type)] = new ServedResource(type, validator);
        }

        _snapshot = new Snapshot(catalog, served, schemas);
    }

    /// <summary>The OpenAPI schema of a custom resource, from its CRD, for /openapi/v3.</summary>
    public System.Text.Json.Nodes.JsonObject? CustomSchema(ServedResource resource) =>
        _snapshot.Schemas.TryGetValue(Key(resource.Type), out var schema) ? (System.Text.Json.Nodes.JsonObject)schema.DeepClone() : null;

    /// <summary>
    /// How the lists of a resource merge for server-side apply and field ownership: a custom resource's from its
    /// schema (metadata as ObjectMeta), a built-in kind's from its patch tags and list markers. Every served resource
    /// has an answer, as every kind of Kubernetes has an OpenAPI schema; a built-in kind without its own table (none
    /// today, a test keeps it so) would get ObjectMeta's and atomic lists, OpenAPI's default.
    /// </summary>
    public Patching.Apply.IListTypes ListTypes(ServedResource resource) => resource.IsCustom
        ? new Patching.Apply.CustomResourceListTypes(new Patching.Apply.SchemaListTypes(CustomSchema(resource) ?? new JsonObject { ["type"] = "object" }))
        : Patching.Apply.BuiltInListTypes.For(resource.ApiVersion, resource.Kind) ?? Patching.Apply.BuiltInListTypes.ObjectMetaOnly;

    private static (string, string, string) Key(ResourceType type) => (type.Group, type.Version, type.Resource);

    private sealed record Snapshot(
        ResourceCatalog Catalog, Dictionary<(string, string, string), ServedResource> Served, Dictionary<(string, string, string), JsonObject> Schemas);
}
