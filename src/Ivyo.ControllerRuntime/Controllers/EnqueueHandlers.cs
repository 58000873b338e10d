using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Queues;

namespace Ivyo.ControllerRuntime.Controllers;

/// <summary>
/// Informer handlers that turn events into work-queue keys, as controller-runtime's <c>handler.EnqueueRequestForObject</c>
/// and <c>handler.EnqueueRequestForOwner(..., OnlyControllerOwner())</c>.
/// </summary>
public static class EnqueueHandlers
{
    /// <summary>Enqueues the key (<c>namespace/name</c>) of every object added, updated or deleted.</summary>
    public static IResourceEventHandler ForObject(WorkQueue<string> queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return ResourceEventHandler.ForAll(obj => queue.Add(ObjectKeys.Of(obj)));
    }

    /// <summary>
    /// Enqueues the key of an object's controller owner when that owner is of <paramref name="ownerKind"/> in the group of
    /// <paramref name="ownerApiVersion"/> (like controller-runtime, the owner reference's version is not compared, so
    /// an owner served at several versions still matches). The key is <c>namespace/ownerName</c> with the owned
    /// object's namespace, or just the owner's name when <paramref name="ownerNamespaced"/> is false. An update enqueues
    /// the owners of both the old and the new state, so a change of owner reaches both.
    /// </summary>
    public static IResourceEventHandler ForControllerOwner(WorkQueue<string> queue, string ownerApiVersion, string ownerKind, bool ownerNamespaced = true)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(ownerApiVersion);
        ArgumentNullException.ThrowIfNull(ownerKind);
        var group = new ControllerReference(ownerApiVersion, ownerKind, "", "").Group;
        string? OwnerKey(JsonObject obj) =>
            Metadata.Controller(obj) is { } owner && owner.Kind == ownerKind && owner.Group == group && owner.Name.Length > 0
                ? ObjectKeys.Of(ownerNamespaced ? Metadata.Namespace(obj) : null, owner.Name)
                : null;
        void Enqueue(JsonObject obj)
        {
            if (OwnerKey(obj) is { } key)
            {
                queue.Add(key);
            }
        }

        return new ResourceEventHandler
        {
            Added = Enqueue,
            Updated = (oldObj, newObj) =>
            {
                var oldKey = OwnerKey(oldObj);
                var newKey = OwnerKey(newObj);
                if (oldKey is not null && oldKey != newKey)
                {
                    queue.Add(oldKey);
                }

                if (newKey is not null)
                {
                    queue.Add(newKey);
                }
            },
            Deleted = Enqueue,
        };
    }
}
