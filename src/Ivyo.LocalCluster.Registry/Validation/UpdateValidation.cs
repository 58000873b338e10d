using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;
using Ivyo.Schema.Validation;
using k8s.Models;

namespace Ivyo.LocalCluster.Registry.Validation;

/// <summary>
/// The immutable-field checks a Kubernetes 1.32 API server makes on update (pkg/apis/*/validation
/// Validate*Update and apimachinery ValidateObjectMetaUpdate), and that a claim's storage request does not shrink,
/// in Kubernetes' field error format.
/// Both objects are expected to be defaulted.
/// </summary>
public static class UpdateValidation
{
    private const string Immutable = "field is immutable";

    public static IReadOnlyList<FieldError> Validate(JsonObject old, JsonObject updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var errors = new List<FieldError>();
        var oldMeta = JsonAccess.Object(old, "metadata");
        var newMeta = JsonAccess.Object(updated, "metadata");
        foreach (var name in new[] { "name", "namespace", "uid", "creationTimestamp" })
        {
            var before = JsonAccess.String(oldMeta, name);
            var after = JsonAccess.String(newMeta, name);
            if (before is not null && before != after)
            {
                errors.Add(FieldError.InvalidText(FieldPath.Root.Child("metadata").Child(name), after ?? string.Empty, Immutable));
            }
        }

        var oldSpec = JsonAccess.Object(old, "spec");
        var newSpec = JsonAccess.Object(updated, "spec");
        var spec = FieldPath.Root.Child("spec");
        switch ((JsonAccess.String(updated, "apiVersion"), JsonAccess.String(updated, "kind")))
        {
            case ("apps/v1", "StatefulSet"):
                // ValidateStatefulSetUpdate: everything but the mutable fields must stay.
                var oldRest = Without(oldSpec, "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit");
                var newRest = Without(newSpec, "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit");
                if (!JsonNode.DeepEquals(oldRest, newRest))
                {
                    errors.Add(FieldError.Forbidden(spec, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                }

                break;
            case ("apps/v1", "Deployment" or "ReplicaSet" or "DaemonSet"):
                ImmutableField(errors, oldSpec, newSpec, "selector", spec);
                break;
            case ("batch/v1", "Job"):
                ImmutableField(errors, oldSpec, newSpec, "selector", spec);
                if (JsonAccess.Boolean(newSpec, "suspend") != true || JsonAccess.Boolean(oldSpec, "suspend") != true)
                {
                    ImmutableField(errors, oldSpec, newSpec, "template", spec);
                }

                break;
            case ("v1", "Service"):
                var oldIp = JsonAccess.String(oldSpec, "clusterIP") ?? string.Empty;
                var newIp = JsonAccess.String(newSpec, "clusterIP") ?? string.Empty;
                if (oldIp.Length > 0 && oldIp != newIp && JsonAccess.String(newSpec, "type") != "ExternalName" && JsonAccess.String(oldSpec, "type") != "ExternalName")
                {
                    errors.Add(FieldError.InvalidText(spec.Child("clusterIP"), newIp, Immutable));
                }

                break;
            case ("v1", "PersistentVolumeClaim"):
                var oldClaim = Without(oldSpec, "resources", "volumeAttributesClassName");
                var newClaim = Without(newSpec, "resources", "volumeAttributesClassName");
                if (JsonAccess.String(oldSpec, "volumeName") is null)
                {
                    oldClaim.Remove("volumeName");
                    newClaim.Remove("volumeName");
                }

                // Retroactive default StorageClass (GA in 1.28): a claim created without a class may be given one,
                // once, unless the old beta annotation chose it.
                if (JsonAccess.String(oldSpec, "storageClassName") is null
                    && old["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"] is null)
                {
                    oldClaim.Remove("storageClassName");
                    newClaim.Remove("storageClassName");
                }

                if (!JsonNode.DeepEquals(oldClaim, newClaim)
                    || !JsonNode.DeepEquals(Without(JsonAccess.Object(oldSpec, "resources"), "requests"), Without(JsonAccess.Object(newSpec, "resources"), "requests")))
                {
                    errors.Add(FieldError.Forbidden(spec, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
                }

                // A claim cannot shrink. With RecoverVolumeExpansionFailure (beta and on by default in 1.32) a
                // request below the previous one is allowed only while it stays above status.capacity, so that a
                // failed expansion can be taken back; without a recorded capacity that bound is zero.
                if (StorageRequest(newSpec) is { } newSize && StorageRequest(oldSpec) is { } oldSize && newSize < oldSize
                    && Quantity(JsonAccess.Object(JsonAccess.Object(old, "status"), "capacity")?["storage"]) is { } capacity
                    && newSize <= capacity)
                {
                    errors.Add(FieldError.Forbidden(
                        spec.Child("resources").Child("requests").Child("storage"), "field can not be less than status.capacity"));
                }

                break;
            case ("v1", "Secret" or "ConfigMap"):
                if (JsonAccess.Boolean(old, "immutable") == true)
                {
                    if (!JsonNode.DeepEquals(old["data"], updated["data"]) || !JsonNode.DeepEquals(old["stringData"], updated["stringData"]))
                    {
                        errors.Add(FieldError.Forbidden(FieldPath.Root.Child("data"), "field is immutable when `immutable` is set"));
                    }

                    if (JsonAccess.Boolean(updated, "immutable") != true)
                    {
                        errors.Add(FieldError.Forbidden(FieldPath.Root.Child("immutable"), "field is immutable when `immutable` is set"));
                    }
                }

                break;
            default:
                break;
        }

        return errors;
    }

    private static void ImmutableField(List<FieldError> errors, JsonObject? oldSpec, JsonObject? newSpec, string name, FieldPath spec)
    {
        if (!JsonNode.DeepEquals(oldSpec?[name], newSpec?[name]))
        {
            errors.Add(FieldError.Invalid(spec.Child(name), newSpec?[name], Immutable));
        }
    }

    /// <summary><c>resources.requests.storage</c> of a claim's spec, zero when absent (as a Go map lookup).</summary>
    private static decimal? StorageRequest(JsonObject? spec) =>
        Quantity(JsonAccess.Object(JsonAccess.Object(spec, "resources"), "requests")?["storage"]);

    /// <summary>The value of a resource quantity: zero when absent, null when it is not a quantity.</summary>
    private static decimal? Quantity(JsonNode? node)
    {
        if (node is null)
        {
            return 0m;
        }

        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<decimal>(out var number))
        {
            return number;
        }

        if (!value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static JsonObject Without(JsonObject? obj, params string[] names)
    {
        var copy = obj?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return copy;
    }
}
