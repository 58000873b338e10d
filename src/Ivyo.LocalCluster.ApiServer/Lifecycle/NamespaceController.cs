using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;
using Ivyo.Schema.Validation;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// kube-controller-manager's namespace controller: once a namespace with the <c>kubernetes</c> finalizer is being
/// deleted (phase <c>Terminating</c>), it deletes every namespaced object in it, of every served resource including
/// custom ones, waits for their finalizers, reports progress in the namespace's conditions, and then removes
/// <c>kubernetes</c> from <c>spec.finalizers</c> (the <c>finalize</c> subresource) so the namespace goes.
/// </summary>
internal sealed class NamespaceController(ObjectService objects, ResourceTable table, TimeProvider time, ILogger<NamespaceController> logger)
    : StoreController(objects, time, logger, "Namespace controller")
{
    public const string Finalizer = "kubernetes";

    private static readonly WriteOptions Writes = new(false, FieldValidation.Ignore);
    private static readonly string NamespacesPrefix = StorageKeys.Prefix("", "namespaces", null);

    private readonly HashSet<string> _terminating = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly WorkQueue<string> _queue = new(time);

    protected override void OnList(StoreList list)
    {
        lock (_lock)
        {
            _terminating.Clear();
        }

        foreach (var item in list.Items.Where(i => i.Key.StartsWith(NamespacesPrefix, StringComparison.Ordinal)))
        {
            Observe(item, deleted: false);
        }
    }

    protected override void OnEvent(StoreEvent change)
    {
        if (change.Object.Key.StartsWith(NamespacesPrefix, StringComparison.Ordinal))
        {
            Observe(change.Object, change.Type == StoreEventType.Deleted);
            return;
        }

        // Content of a terminating namespace changed (typically: a finalizer went, or the object did): look again.
        var ns = ObjectMetadata.Namespace(change.Object.Value);
        bool terminating;
        lock (_lock)
        {
            terminating = ns.Length > 0 && _terminating.Contains(ns);
        }

        if (terminating)
        {
            _queue.Add(ns);
        }
    }

    private void Observe(StoredObject ns, bool deleted)
    {
        var name = ObjectMetadata.Name(ns.Value);
        var terminating = !deleted && ns.Value["metadata"]?["deletionTimestamp"] is not null && HasFinalizer(ns.Value);
        lock (_lock)
        {
            if (terminating)
            {
                _terminating.Add(name);
            }
            else
            {
                _terminating.Remove(name);
            }
        }

        if (terminating)
        {
            _queue.Add(name);
        }
    }

    private static bool HasFinalizer(JsonObject ns) =>
        ns["spec"]?["finalizers"] is JsonArray finalizers && finalizers.Any(f => (string?)f == Finalizer);

    protected override Task WorkAsync(CancellationToken cancellationToken) => DrainAsync(_queue, SyncAsync, cancellationToken);

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var namespaces = table.ByResource("", "namespaces")!;
        var stored = await Objects.Store.GetAsync(StorageKeys.Key("", "namespaces", null, name), cancellationToken);
        if (stored is null || stored.Value["metadata"]?["deletionTimestamp"] is null || !HasFinalizer(stored.Value))
        {
            return;
        }

        var totals = await DeleteContentAsync(name, cancellationToken);
        var conditions = NamespaceConditions.For(totals, stored.Value["status"]?["conditions"] as JsonArray, Time.GetUtcNow());
        await UpdateAsync(namespaces, name, "status", ns =>
        {
            var status = ns["status"] as JsonObject ?? new JsonObject();
            ns["status"] = status;
            status["phase"] = "Terminating";
            status["conditions"] = conditions.DeepClone();
        }, cancellationToken);

        var remaining = totals.RemainingByResource.Values.Sum();
        if (remaining > 0 || totals.Failures.Count > 0)
        {
            // Changes to what remains bring the namespace back here; failures are retried.
            LifecycleLog.ContentRemaining(logger, name, remaining);
            if (totals.Failures.Count > 0)
            {
                _queue.AddAfter(name, TimeSpan.FromSeconds(1), cancellationToken);
            }

            return;
        }

        LifecycleLog.Finalizing(logger, name);
        await UpdateAsync(namespaces, name, "finalize", ns =>
        {
            var spec = ns["spec"] as JsonObject ?? new JsonObject();
            ns["spec"] = spec;
            spec["finalizers"] = new JsonArray([.. HasFinalizer(ns)
                ? spec["finalizers"]!.AsArray().Where(f => (string?)f != Finalizer).Select(f => f?.DeepClone())
                : []]);
        }, cancellationToken);
    }

    /// <summary>Deletes every object in the namespace (background propagation) and counts what is still there.</summary>
    private async Task<NamespaceConditions.Totals> DeleteContentAsync(string ns, CancellationToken cancellationToken)
    {
        var byResource = new Dictionary<string, int>(StringComparer.Ordinal);
        var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var resource in table.NamespacedResources())
        {
            var list = await Objects.Store.ListAsync(StorageKeys.Prefix(resource.Group, resource.Resource, ns), cancellationToken);
            foreach (var item in list.Items)
            {
                var remaining = item.Value;
                if (remaining["metadata"]?["deletionTimestamp"] is null)
                {
                    try
                    {
                        var uid = (string?)item.Value["metadata"]?["uid"];
                        var (obj, deleted) = await Objects.DeleteAsync(resource, ns, ObjectMetadata.Name(item.Value),
                            new DeleteOptions(false, "Background", null, uid, null), cancellationToken);
                        if (deleted)
                        {
                            continue;
                        }

                        remaining = obj;
                    }
                    catch (ApiException e) when (e.Code is 404 or 409)
                    {
                        continue;
                    }
                    catch (ApiException e)
                    {
                        failures.Add($"{GroupResource(resource)}: {e.Message}");
                    }
                }

                byResource[GroupResource(resource)] = byResource.GetValueOrDefault(GroupResource(resource)) + 1;
                foreach (var finalizer in ObjectMetadata.Finalizers(remaining))
                {
                    byFinalizer[finalizer] = byFinalizer.GetValueOrDefault(finalizer) + 1;
                }
            }
        }

        return new NamespaceConditions.Totals(byResource, byFinalizer, failures);
    }

    private static string GroupResource(ServedResource resource) =>
        resource.Group.Length == 0 ? resource.Resource : resource.Resource + "." + resource.Group;

    private async Task UpdateAsync(ServedResource namespaces, string name, string subresource, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        try
        {
            await Objects.GuaranteedUpdateAsync(namespaces, "", name, null, ns =>
            {
                change(ns);
                return ns;
            }, subresource, Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
