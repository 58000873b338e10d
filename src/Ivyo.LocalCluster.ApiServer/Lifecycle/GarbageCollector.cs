using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;
using Ivyo.Schema.Validation;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// kube-controller-manager's garbage collector: keeps the owner→dependents graph of every stored object by owner uid,
/// deletes dependents whose owners are all gone (background), deletes the blocking dependents of an owner being
/// deleted in the foreground before removing its <c>foregroundDeletion</c> finalizer, and releases the dependents of an
/// owner deleted with the <c>orphan</c> finalizer. Writes go through <see cref="ObjectService"/>, so dependents'
/// own finalizers are honoured.
/// </summary>
internal sealed class GarbageCollector(ObjectService objects, ResourceTable table, TimeProvider time, ILogger<GarbageCollector> logger)
    : StoreController(objects, time, logger, "Garbage collector")
{
    private static readonly WriteOptions Writes = new(false, FieldValidation.Ignore);
    private static readonly TimeSpan ConflictRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ErrorRetry = TimeSpan.FromSeconds(1);

    private readonly OwnerGraph _graph = new();
    private readonly Lock _graphLock = new();
    private readonly WorkQueue<GarbageCollectionWork> _queue = new(time);

    protected override void OnList(StoreList list)
    {
        var work = new List<GarbageCollectionWork>();
        lock (_graphLock)
        {
            _graph.Reset(list.Items.Select(GraphNode.From).OfType<GraphNode>(), work);
        }

        work.ForEach(_queue.Add);
    }

    protected override void OnEvent(StoreEvent change)
    {
        var work = new List<GarbageCollectionWork>();
        lock (_graphLock)
        {
            if (change.Type == StoreEventType.Deleted)
            {
                _graph.Remove(change.Object.Key, work);
            }
            else if (GraphNode.From(change.Object) is { } node)
            {
                _graph.Upsert(node, work);
            }
        }

        work.ForEach(_queue.Add);
    }

    protected override async Task WorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var work in _queue.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await (work.Action == GarbageCollectionAction.Orphan ? OrphanDependentsAsync(work.Uid, cancellationToken) : AttemptToDeleteAsync(work.Uid, cancellationToken));
                }
                catch (ApiException e) when (e.Code == 409)
                {
                    _queue.AddAfter(work, ConflictRetry, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LifecycleLog.Retrying(logger, "Garbage collector", $"{work.Action} {work.Uid}", e);
                    _queue.AddAfter(work, ErrorRetry, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private GraphNode? Node(string uid)
    {
        lock (_graphLock)
        {
            return _graph.Node(uid);
        }
    }

    private IReadOnlyList<GraphNode> Dependents(string uid)
    {
        lock (_graphLock)
        {
            return _graph.Dependents(uid);
        }
    }

    /// <summary>The object as stored now, if it is still the one with this uid.</summary>
    private async Task<GraphNode?> LatestAsync(GraphNode node, CancellationToken cancellationToken)
    {
        var stored = await Objects.Store.GetAsync(node.Key, cancellationToken);
        return stored is null ? null : GraphNode.From(stored) is { } latest && latest.Uid == node.Uid ? latest : null;
    }

    private async Task AttemptToDeleteAsync(string uid, CancellationToken cancellationToken)
    {
        if (Node(uid) is not { } node || (node.BeingDeleted && !node.DeletingDependents))
        {
            // Being deleted is a one-way trip: its dependents are looked at once it is gone.
            return;
        }

        if (table.ByResource(node.Group, node.Resource) is not { } resource || await LatestAsync(node, cancellationToken) is not { } latest)
        {
            return;
        }

        if (latest.DeletingDependents)
        {
            await ProcessDeletingDependentsAsync(resource, latest, cancellationToken);
            return;
        }

        if (latest.BeingDeleted || latest.Owners.Count == 0)
        {
            return;
        }

        var solid = new List<OwnerReference>();
        var dangling = new List<OwnerReference>();
        var waiting = new List<OwnerReference>();
        foreach (var owner in latest.Owners)
        {
            switch (await ClassifyAsync(owner, latest, cancellationToken))
            {
                case OwnerState.Dangling:
                    dangling.Add(owner);
                    break;
                case OwnerState.WaitingForDependents:
                    waiting.Add(owner);
                    break;
                default:
                    solid.Add(owner);
                    break;
            }
        }

        if (solid.Count > 0)
        {
            // A live owner keeps it; references to gone owners, and to owners waiting for their dependents, go.
            var released = dangling.Concat(waiting).Select(o => o.Uid).ToHashSet(StringComparer.Ordinal);
            if (released.Count > 0)
            {
                await RemoveOwnerReferencesAsync(resource, latest, released, cancellationToken);
            }

            return;
        }

        string policy;
        if (waiting.Count > 0 && Dependents(latest.Uid).Count > 0)
        {
            // An owner waits in the foreground and this has dependents of its own: they go first, in the foreground too.
            policy = "Foreground";
        }
        else
        {
            policy = ObjectMetadata.Finalizers(await CurrentObjectAsync(latest, cancellationToken) ?? new JsonObject()) switch
            {
                var f when f.Contains(GraphNode.OrphanFinalizer) => "Orphan",
                var f when f.Contains(GraphNode.ForegroundFinalizer) => "Foreground",
                _ => "Background",
            };
        }

        LifecycleLog.DeletingDependent(logger, latest.Key, policy);
        await DeleteAsync(resource, latest, policy, cancellationToken);
    }

    /// <summary>An owner in foreground deletion: once no dependent blocks it, its <c>foregroundDeletion</c> finalizer goes.</summary>
    private async Task ProcessDeletingDependentsAsync(ServedResource resource, GraphNode owner, CancellationToken cancellationToken)
    {
        var blocking = Dependents(owner.Uid).Where(d => d.BlocksOwner(owner.Uid)).ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(resource, owner, GraphNode.ForegroundFinalizer, cancellationToken);
            return;
        }

        foreach (var dependent in blocking.Where(d => !d.DeletingDependents))
        {
            _queue.Add(new(GarbageCollectionAction.AttemptToDelete, dependent.Uid));
        }
    }

    /// <summary>An owner deleted with the <c>orphan</c> finalizer: its dependents lose their references to it, then the finalizer goes.</summary>
    private async Task OrphanDependentsAsync(string uid, CancellationToken cancellationToken)
    {
        if (Node(uid) is not { } node || table.ByResource(node.Group, node.Resource) is not { } resource
            || await LatestAsync(node, cancellationToken) is not { Orphaning: true } owner)
        {
            return;
        }

        foreach (var dependent in Dependents(uid))
        {
            if (table.ByResource(dependent.Group, dependent.Resource) is { } dependentResource)
            {
                await RemoveOwnerReferencesAsync(dependentResource, dependent, new HashSet<string>(StringComparer.Ordinal) { uid }, cancellationToken);
            }
        }

        await RemoveFinalizerAsync(resource, owner, GraphNode.OrphanFinalizer, cancellationToken);
    }

    private async Task<OwnerState> ClassifyAsync(OwnerReference owner, GraphNode dependent, CancellationToken cancellationToken)
    {
        if (table.ByKind(owner.ApiVersion, owner.Kind) is not { } resource)
        {
            // An owner kind nobody serves cannot be resolved: the dependent is kept (Kubernetes retries such references).
            return OwnerState.Solid;
        }

        if (resource.Namespaced && dependent.Namespace.Length == 0)
        {
            // A cluster-scoped dependent of a namespaced kind has an unresolvable reference and is never collected.
            return OwnerState.Solid;
        }

        var key = StorageKeys.Key(resource.Group, resource.Resource, resource.Namespaced ? dependent.Namespace : null, owner.Name);
        var stored = await Objects.Store.GetAsync(key, cancellationToken);
        if (stored is null || GraphNode.From(stored) is not { } found || found.Uid != owner.Uid)
        {
            return OwnerState.Dangling;
        }

        return found.DeletingDependents ? OwnerState.WaitingForDependents : OwnerState.Solid;
    }

    private async Task<JsonObject?> CurrentObjectAsync(GraphNode node, CancellationToken cancellationToken) =>
        (await Objects.Store.GetAsync(node.Key, cancellationToken))?.Value;

    private async Task DeleteAsync(ServedResource resource, GraphNode node, string policy, CancellationToken cancellationToken)
    {
        try
        {
            await Objects.DeleteAsync(resource, node.Namespace, node.Name, new DeleteOptions(false, policy, null, node.Uid, null), cancellationToken);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone already, or replaced by another object of that name (the uid precondition failed).
        }
    }

    private async Task RemoveOwnerReferencesAsync(ServedResource resource, GraphNode node, IReadOnlySet<string> ownerUids, CancellationToken cancellationToken)
    {
        LifecycleLog.RemovingOwnerReferences(logger, node.Key, string.Join(",", ownerUids));
        await UpdateAsync(resource, node, obj =>
        {
            var metadata = ObjectMetadata.Metadata(obj);
            if (metadata["ownerReferences"] is JsonArray references)
            {
                var kept = references.Where(r => !ownerUids.Contains((string?)r?["uid"] ?? "")).Select(r => r!.DeepClone()).ToList();
                if (kept.Count == 0)
                {
                    metadata.Remove("ownerReferences");
                }
                else
                {
                    metadata["ownerReferences"] = new JsonArray([.. kept]);
                }
            }
        }, cancellationToken);
    }

    private Task RemoveFinalizerAsync(ServedResource resource, GraphNode node, string finalizer, CancellationToken cancellationToken) =>
        UpdateAsync(resource, node, obj =>
        {
            var metadata = ObjectMetadata.Metadata(obj);
            var kept = ObjectMetadata.Finalizers(obj).Where(f => f != finalizer).ToList();
            if (kept.Count == 0)
            {
                metadata.Remove("finalizers");
            }
            else
            {
                metadata["finalizers"] = new JsonArray([.. kept.Select(f => (JsonNode)JsonValue.Create(f))]);
            }
        }, cancellationToken);

    /// <summary>Changes the object if it is still the one with the node's uid.</summary>
    private async Task UpdateAsync(ServedResource resource, GraphNode node, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        try
        {
            await Objects.GuaranteedUpdateAsync(resource, node.Namespace, node.Name, null, obj =>
            {
                if ((string?)obj["metadata"]?["uid"] == node.Uid)
                {
                    change(obj);
                }

                return obj;
            }, "", Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private enum OwnerState
    {
        Solid,
        Dangling,
        WaitingForDependents,
    }
}
