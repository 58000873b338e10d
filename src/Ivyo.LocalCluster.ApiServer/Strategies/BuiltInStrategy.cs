using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Registry.Defaulting;
using Ivyo.LocalCluster.Registry.Validation;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.Schema.Pruning;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>Built-in resources: Kubernetes' defaulting, and CRD status as the apiextensions controllers set it.</summary>
public sealed class BuiltInStrategy(ClusterIpAllocator clusterIps, BuiltInSchemas schemas, ServiceAccountAdmission serviceAccounts) : IResourceStrategy
{
    public JsonObject Admit(ServedResource resource, JsonObject obj, JsonObject? old, WriteOptions options, List<(string Field, string Message)> errors)
    {
        obj = DropUnknownFields(resource, obj, options);
        if (old is not null && resource.Kind == "Service" && string.IsNullOrEmpty((string?)obj["spec"]?["clusterIP"])
            && old["spec"]?["clusterIP"] is { } allocated && obj["spec"] is JsonObject spec)
        {
            // An update that leaves clusterIP empty keeps the allocated one, as kube-apiserver does.
            spec["clusterIP"] = allocated.DeepClone();
            spec["clusterIPs"] = old["spec"]?["clusterIPs"]?.DeepClone();
        }

        if (resource.Kind == "Secret" && resource.Group.Length == 0)
        {
            MergeStringData(obj);
        }

        // A new Service is defaulted once its clusterIP is allocated (see BeforeCreateAsync): its IP families follow it.
        if (old is not null || resource.Kind != "Service")
        {
            BuiltInDefaults.Apply(obj);
        }

        if (old is not null)
        {
            errors.AddRange(UpdateValidation.Validate(old, obj).Select(e => (e.Field, e.Message)));
        }

        return obj;
    }

    public async Task BeforeCreateAsync(ServedResource resource, JsonObject obj, CancellationToken cancellationToken)
    {
        if (resource.Kind == "CustomResourceDefinition")
        {
            MarkEstablished(obj);
        }

        if (resource.Kind == "Pod" && resource.Group.Length == 0)
        {
            // As the pod registry's PrepareForCreate: a new pod's status is Pending with its QoS class, whatever was sent.
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = BuiltInDefaults.PodQosClass(obj["spec"] as JsonObject ?? new JsonObject()) };
            await serviceAccounts.AdmitAsync(obj, cancellationToken);
        }

        if (resource.Kind == "Service" && resource.Group.Length == 0)
        {
            await clusterIps.AllocateAsync(obj, cancellationToken);
            BuiltInDefaults.Apply(obj);
        }
    }

    public Task BeforeUpdateAsync(ServedResource resource, JsonObject updated, JsonObject current, CancellationToken cancellationToken)
    {
        if (resource.Kind == "CustomResourceDefinition")
        {
            MarkEstablished(updated);
        }

        return Task.CompletedTask;
    }

    public IEnumerable<string> FinalizersOnDelete(ServedResource resource, JsonObject obj, string? propagationPolicy) =>
        propagationPolicy switch
        {
            "Foreground" => ["foregroundDeletion"],
            "Orphan" => ["orphan"],
            _ => [],
        };

    public bool HoldsDeletion(ServedResource resource, JsonObject obj) =>
        IsNamespace(resource) && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    /// <summary>
    /// A pod is deleted gracefully, as the pod registry's CheckGracefulDelete decides: the requested period, else
    /// <c>spec.terminationGracePeriodSeconds</c>; 0 for a pod no node runs (unscheduled) or one that has finished;
    /// a negative period counts as 1.
    /// </summary>
    public long? GracePeriodSeconds(ServedResource resource, JsonObject obj, long? requested)
    {
        if (resource.Group.Length > 0 || resource.Resource != "pods")
        {
            return null;
        }

        var period = requested ?? (long?)obj["spec"]?["terminationGracePeriodSeconds"] ?? 0;
        if (string.IsNullOrEmpty((string?)obj["spec"]?["nodeName"]) || (string?)obj["status"]?["phase"] is "Succeeded" or "Failed")
        {
            period = 0;
        }

        return period < 0 ? 1 : period;
    }

    public void MarkDeleting(ServedResource resource, JsonObject obj)
    {
        if (IsNamespace(resource))
        {
            // As the namespace registry does on the first delete: the namespace controller takes it from here.
            var status = obj["status"] as JsonObject ?? new JsonObject();
            obj["status"] = status;
            status["phase"] = "Terminating";
        }
    }

    private static bool IsNamespace(ServedResource resource) => resource.Group.Length == 0 && resource.Resource == "namespaces";

    /// <summary>
    /// Fields the kind does not have are dropped, as decoding into Kubernetes' typed objects drops them; under
    /// <c>fieldValidation=Strict</c> they fail the request (400, "strict decoding error"), under Warn they warn.
    /// </summary>
    private JsonObject DropUnknownFields(ServedResource resource, JsonObject obj, WriteOptions options)
    {
        if (schemas.For(resource.Group, resource.Version, resource.Kind) is not { } schema)
        {
            return obj;
        }

        var pruned = SchemaPruner.Prune(obj, schema);
        if (pruned.UnknownFields.Count == 0)
        {
            return obj;
        }

        var unknown = pruned.UnknownFields.Select(field => $"unknown field \"{field}\"").ToList();
        if (options.FieldValidation == FieldValidation.Strict)
        {
            throw ApiException.BadRequest(
                $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: strict decoding error: {string.Join(", ", unknown)}");
        }

        if (options.FieldValidation == FieldValidation.Warn)
        {
            options.Warnings.AddRange(unknown);
        }

        return (JsonObject)pruned.Object!;
    }

    /// <summary>A Secret's <c>stringData</c> is write-only: it is merged into <c>data</c>, base64-encoded, over existing keys.</summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        secret["data"] = data;
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((string?)value ?? ""));
        }

        secret.Remove("stringData");
    }

    /// <summary>The names are accepted and the CRD is established at once: this server has no conflicting names to wait for.</summary>
    private static void MarkEstablished(JsonObject crd)
    {
        var status = crd["status"] as JsonObject ?? new JsonObject();
        crd["status"] = status;
        status["acceptedNames"] = crd["spec"]?["names"]?.DeepClone();
        status["storedVersions"] = new JsonArray([.. (crd["spec"]?["versions"]?.AsArray() ?? [])
            .Where(v => (bool?)v?["storage"] == true).Select(v => (JsonNode)JsonValue.Create((string?)v!["name"] ?? ""))]);
        var now = (string?)crd["metadata"]?["creationTimestamp"] ?? ObjectMetadata.Timestamp(DateTimeOffset.UtcNow);
        status["conditions"] = new JsonArray(
            Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
            Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now));
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
