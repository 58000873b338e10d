using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>One entry of <c>metadata.ownerReferences</c>: who owns the object, and whether it blocks the owner's foreground deletion.</summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion)
{
    public static IReadOnlyList<OwnerReference> Read(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray references
            ? [.. references.OfType<JsonObject>()
                .Where(r => (string?)r["uid"] is { Length: > 0 })
                .Select(r => new OwnerReference(
                    (string?)r["apiVersion"] ?? "", (string?)r["kind"] ?? "", (string?)r["name"] ?? "", (string)r["uid"]!,
                    r["blockOwnerDeletion"] is JsonValue block && block.TryGetValue<bool>(out var blocks) && blocks))]
            : [];
}
