using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;

namespace Ivyo.LocalCluster.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v3</c>: a root listing one document per group-version, and the documents themselves, with the paths
/// and operations kubectl inspects (it looks for the <c>fieldValidation</c> parameter to decide that the server
/// validates fields itself) and the schemas of the kinds served. Built-in schemas are generated from
/// KubernetesClient's models; custom resources use their CRD's schema.
/// </summary>
public sealed class OpenApiDocuments(ResourceTable table, BuiltInSchemas builtIns)
{
    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in table.Catalog.GroupVersions())
        {
            var key = PathKey(group, version);
            var document = Document(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(document)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of <c>/openapi/v3/api/v1</c> or <c>/openapi/v3/apis/{group}/{version}</c>, or null.</summary>
    public JsonObject? Document(string path)
    {
        path = path.Trim('/');
        foreach (var (group, version) in table.Catalog.GroupVersions())
        {
            if (PathKey(group, version) == path)
            {
                return Document(group, version);
            }
        }

        return null;
    }

    private JsonObject Document(string group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var resource in table.All.Where(r => r.Group == group && r.Version == version).OrderBy(r => r.Resource, StringComparer.Ordinal))
        {
            var definition = DefinitionName(resource);
            var gvk = new JsonArray(new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = resource.Kind });
            var collection = "/" + PathKey(group, version) + (resource.Namespaced ? "/namespaces/{namespace}/" : "/") + resource.Resource;
            paths[collection] = new JsonObject
            {
                ["get"] = Operation("list", gvk, definition, withBody: false),
                ["post"] = Operation("post", gvk, definition, withBody: true),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation("get", gvk, definition, withBody: false),
                ["put"] = Operation("put", gvk, definition, withBody: true),
                ["patch"] = Operation("patch", gvk, definition, withBody: true),
                ["delete"] = Operation("delete", gvk, definition, withBody: false),
            };

            var schema = SchemaOf(resource);
            schema["x-kubernetes-group-version-kind"] = gvk.DeepClone();
            schemas[definition] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(string action, JsonArray gvk, string definition, bool withBody)
    {
        var parameters = new JsonArray(Parameter("pretty"));
        if (withBody)
        {
            parameters.Add(Parameter("dryRun"));
            parameters.Add(Parameter("fieldManager"));
            parameters.Add(Parameter("fieldValidation"));
        }

        var operation = new JsonObject
        {
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(definition) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk[0]!.DeepClone(),
        };
        if (withBody)
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = Reference(definition) } },
                ["required"] = true,
            };
        }

        return operation;
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Reference(string definition) => new() { ["$ref"] = "#/components/schemas/" + definition };

    private JsonObject SchemaOf(ServedResource resource)
    {
        if (resource.IsCustom)
        {
            return table.CustomSchema(resource) ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        return builtIns.Json(resource.Group, resource.Version, resource.Kind);
    }

    /// <summary>Kubernetes' definition names: <c>io.k8s.api.core.v1.ConfigMap</c>, <c>io.k8s.api.apps.v1.StatefulSet</c>.</summary>
    private static string DefinitionName(ServedResource resource)
    {
        if (resource.IsCustom)
        {
            var reversed = string.Join('.', resource.Group.Split('.').Reverse());
            return $"{reversed}.{resource.Version}.{resource.Kind}";
        }

        var group = resource.Group.Length == 0 ? "core" : resource.Group.Split('.')[0];
        return $"io.k8s.api.{group}.{resource.Version}.{resource.Kind}";
    }

    private static string PathKey(string group, string version) => group.Length == 0 ? "api/" + version : $"apis/{group}/{version}";

    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..32];
}
