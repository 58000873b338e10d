using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// The optimistic lock of a patch: a <c>metadata.resourceVersion</c> in a merge or strategic merge patch body (as
/// Patroni sends) must equal the stored object's, else the API server answers 409 Conflict.
/// Kubernetes checks the resourceVersion of the patched object, so passing the patch result instead of the body
/// covers JSON patches that set <c>/metadata/resourceVersion</c> as well.
/// </summary>
public static class ResourceVersionPrecondition
{
    /// <summary>The non-empty <c>metadata.resourceVersion</c> of a patch body (or patched object), or null when it has none.</summary>
    public static string? Read(JsonNode? patchBody) =>
        patchBody is JsonObject body
        && body["metadata"] is JsonObject metadata
        && metadata["resourceVersion"] is JsonValue value
        && value.TryGetValue<string>(out var text)
        && text.Length > 0
            ? text
            : null;

    /// <summary>
    /// Throws the 409 <see cref="PatchException"/> Kubernetes returns when the patch body's resourceVersion differs
    /// from <paramref name="storedResourceVersion"/>. <paramref name="qualifiedResource"/> is the resource as
    /// Kubernetes prints it: <c>endpoints</c>, <c>leases.coordination.k8s.io</c>.
    /// </summary>
    public static void Check(JsonNode? patchBody, string? storedResourceVersion, string qualifiedResource, string name)
    {
        var wanted = Read(patchBody);
        if (wanted is null || string.Equals(wanted, storedResourceVersion, StringComparison.Ordinal))
        {
            return;
        }

        throw new PatchException(PatchErrorKind.Conflict, ConflictMessage(qualifiedResource, name));
    }

    /// <summary>The message of apierrors.NewConflict with storage's "the object has been modified" reason.</summary>
    public static string ConflictMessage(string qualifiedResource, string name) =>
        $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again";
}
