using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>What the garbage collector knows of one stored object: where it is, who owns it, how it is being deleted.</summary>
internal sealed record GraphNode(
    string Uid, string Key, string Group, string Resource, string Namespace, string Name, IReadOnlyList<OwnerReference> Owners,
    bool BeingDeleted, bool DeletingDependents, bool Orphaning)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <summary>The node of a stored API object, or null for keys that hold no object with a uid.</summary>
    public static GraphNode? From(StoredObject stored) => From(stored.Key, stored.Value);

    public static GraphNode? From(string key, JsonObject obj)
    {
        const string root = "/registry/";
        var uid = (string?)obj["metadata"]?["uid"];
        if (uid is not { Length: > 0 } || !key.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key[root.Length..].Split('/');
        if (parts.Length < 3)
        {
            return null;
        }

        var beingDeleted = obj["metadata"]?["deletionTimestamp"] is not null;
        var finalizers = ObjectMetadata.Finalizers(obj);
        return new GraphNode(
            uid, key, parts[0] == "core" ? "" : parts[0], parts[1], ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj), OwnerReference.Read(obj),
            beingDeleted, beingDeleted && finalizers.Contains(ForegroundFinalizer), beingDeleted && finalizers.Contains(OrphanFinalizer));
    }

    public bool IsOwnedBy(string ownerUid) => Owners.Any(o => o.Uid == ownerUid);

    public bool BlocksOwner(string ownerUid) => Owners.Any(o => o.Uid == ownerUid && o.BlockOwnerDeletion);
}
