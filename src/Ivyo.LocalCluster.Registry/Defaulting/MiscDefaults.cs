using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// The defaults of the remaining built-in kinds. Sources: pkg/apis/core/v1/defaults.go (SetDefaults_Namespace adds
/// the kubernetes.io/metadata.name label, SetDefaults_NamespaceStatus phase Active, SetDefaults_Secret type Opaque,
/// SetDefaults_Endpoints port protocol TCP), pkg/registry/core/namespace/strategy.go (PrepareForCreate:
/// spec.finalizers [kubernetes]), pkg/apis/rbac/v1/defaults.go (SetDefaults_Subject apiGroup),
/// pkg/apis/discovery/v1/defaults.go (SetDefaults_EndpointPort name "" and protocol TCP) and
/// apiextensions-apiserver pkg/apis/apiextensions/v1/defaults.go (SetDefaults_CustomResourceDefinitionSpec:
/// singular, listKind, conversion None; SetDefaults_ServiceReference port 443).
/// </summary>
internal static class MiscDefaults
{
    public static void ApplyNamespace(JsonObject ns)
    {
        var metadata = JsonAccess.Ensure(ns, "metadata");
        if (JsonAccess.String(metadata, "name") is { Length: > 0 } name)
        {
            JsonAccess.Ensure(metadata, "labels")["kubernetes.io/metadata.name"] = name;
        }

        var spec = JsonAccess.Ensure(ns, "spec");
        JsonAccess.Default(spec, "finalizers", () => JsonAccess.ToArray(["kubernetes"]));
        var status = JsonAccess.Ensure(ns, "status");
        JsonAccess.Default(status, "phase", "Active");
    }

    public static void ApplySecret(JsonObject secret) => JsonAccess.Default(secret, "type", "Opaque");

    public static void ApplyEndpoints(JsonObject endpoints)
    {
        foreach (var subset in JsonAccess.Objects(endpoints, "subsets"))
        {
            foreach (var port in JsonAccess.Objects(subset, "ports"))
            {
                JsonAccess.Default(port, "protocol", "TCP");
            }
        }
    }

    public static void ApplyEndpointSlice(JsonObject slice)
    {
        foreach (var port in JsonAccess.Objects(slice, "ports"))
        {
            JsonAccess.Default(port, "name", () => JsonValue.Create(string.Empty));
            JsonAccess.Default(port, "protocol", "TCP");
        }
    }

    public static void ApplyBinding(JsonObject binding)
    {
        foreach (var subject in JsonAccess.Objects(binding, "subjects"))
        {
            if (!JsonAccess.IsUnset(subject, "apiGroup"))
            {
                continue;
            }

            switch (JsonAccess.String(subject, "kind"))
            {
                case "ServiceAccount":
                    subject["apiGroup"] = string.Empty;
                    break;
                case "User" or "Group":
                    subject["apiGroup"] = "rbac.authorization.k8s.io";
                    break;
                default:
                    break;
            }
        }
    }

    public static void ApplyCustomResourceDefinition(JsonObject crd)
    {
        var spec = JsonAccess.Ensure(crd, "spec");
        var names = JsonAccess.Ensure(spec, "names");
        if (JsonAccess.String(names, "kind") is { Length: > 0 } kind)
        {
            JsonAccess.Default(names, "singular", kind.ToLowerInvariant());
            JsonAccess.Default(names, "listKind", kind + "List");
        }

        var conversion = JsonAccess.Ensure(spec, "conversion");
        JsonAccess.Default(conversion, "strategy", "None");
        if (JsonAccess.Object(JsonAccess.Object(JsonAccess.Object(conversion, "webhook"), "clientConfig"), "service") is { } service)
        {
            JsonAccess.Default(service, "port", 443);
        }
    }
}
