using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Queues;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// The dependent handlers of the ReplicaSet, Deployment and Job controllers (their <c>addPod</c>/<c>updatePod</c>/
/// <c>deletePod</c>): a dependent with a controller reference of the owner's kind enqueues that owner (both owners when
/// the reference changed) and is counted against its expectations (an add observes a creation; a delete, or a
/// deletionTimestamp appearing, observes the deletion of its UID); an orphan enqueues every owner that could adopt it
/// (<paramref name="orphanOwners"/>), again when its labels change.
/// </summary>
internal sealed class DependentEventHandler(
    WorkQueue<string> queue,
    string ownerGroup,
    string ownerKind,
    Func<JsonObject, IEnumerable<string>> orphanOwners,
    ControllerExpectations? expectations = null) : IResourceEventHandler
{
    /// <inheritdoc />
    public void OnAdd(JsonObject obj)
    {
        if (OwnerKey(obj) is { } key)
        {
            expectations?.CreationObserved(key);
            if (IsDeleting(obj))
            {
                expectations?.DeletionObserved(key, Metadata.Uid(obj));
            }

            queue.Add(key);
            return;
        }

        if (!IsDeleting(obj))
        {
            EnqueueOrphanOwners(obj);
        }
    }

    /// <inheritdoc />
    public void OnUpdate(JsonObject oldObj, JsonObject newObj)
    {
        if (Metadata.ResourceVersion(oldObj) == Metadata.ResourceVersion(newObj))
        {
            return;
        }

        var oldKey = OwnerKey(oldObj);
        var newKey = OwnerKey(newObj);
        if (newKey is not null && IsDeleting(newObj) && !IsDeleting(oldObj))
        {
            expectations?.DeletionObserved(newKey, Metadata.Uid(newObj));
        }

        if (oldKey is not null && oldKey != newKey)
        {
            queue.Add(oldKey);
        }

        if (newKey is not null)
        {
            queue.Add(newKey);
            return;
        }

        var labelsChanged = !JsonNode.DeepEquals(oldObj["metadata"]?["labels"], newObj["metadata"]?["labels"]);
        if ((labelsChanged || oldKey is not null) && !IsDeleting(newObj))
        {
            EnqueueOrphanOwners(newObj);
        }
    }

    /// <inheritdoc />
    public void OnDelete(JsonObject obj)
    {
        if (OwnerKey(obj) is { } key)
        {
            expectations?.DeletionObserved(key, Metadata.Uid(obj));
            queue.Add(key);
        }
    }

    private void EnqueueOrphanOwners(JsonObject obj)
    {
        foreach (var key in orphanOwners(obj))
        {
            queue.Add(key);
        }
    }

    private string? OwnerKey(JsonObject obj) =>
        Metadata.Controller(obj) is { } owner && owner.Kind == ownerKind && owner.Group == ownerGroup && owner.Name.Length > 0
            ? ObjectKeys.Of(Metadata.Namespace(obj), owner.Name)
            : null;

    private static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is JsonValue;
}
