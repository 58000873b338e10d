using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.Registry.Validation;

/// <summary>
/// The immutable-field checks a Kubernetes 1.32 API server makes on update (pkg/apis/*/validation
/// Validate*Update and apimachinery ValidateObjectMetaUpdate), in Kubernetes' field error format.
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
