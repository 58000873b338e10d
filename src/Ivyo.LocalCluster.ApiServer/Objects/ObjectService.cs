using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.Storage;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// The generic registry: create, read, update, patch, delete, list and watch of any resource, with the API server's
/// metadata rules (uid, creationTimestamp, generation, resourceVersion preconditions, finalizers, status
/// subresources) over an <see cref="IObjectStore"/>. Resource-specific behaviour comes from <see cref="IResourceStrategy"/>.
/// </summary>
public sealed class ObjectService(IObjectStore store, IResourceStrategy strategy, TimeProvider time)
{
    public IObjectStore Store => store;

    /// <summary>
    /// How each resource's lists merge, for recording field ownership (managedFields) of writes; no recording when
    /// null or when it has no answer for a resource.
    /// </summary>
    public Func<ServedResource, Patching.Apply.IListTypes?>? ListTypes { get; init; }

    public async Task<JsonObject> GetAsync(ServedResource resource, string ns, string name, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var stored = await store.GetAsync(StorageKeys.Key(resource.Group, resource.Resource, ns, name), cancellationToken)
            ?? throw ApiException.NotFound(resource.Group, resource.Resource, name);
        return WithTypeMeta(resource, stored.Value);
    }

    public async Task<JsonObject> ListAsync(ServedResource resource, string ns, ListOptions options, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var list = await store.ListAsync(StorageKeys.Prefix(resource.Group, resource.Resource, ns), cancellationToken);
        var matching = list.Items.Select(item => item.Value).Where(options.Matches).ToList();

        // limit/continue: the continue token is the key to start after, at the list's revision.
        var start = 0;
        if (options.Continue is { Length: > 0 } token)
        {
            var after = ContinueToken.Decode(token);
            start = matching.FindIndex(o => string.CompareOrdinal(KeyOf(resource, o), after.Key) > 0);
            if (start < 0)
            {
                start = matching.Count;
            }
        }

        var page = options.Limit is > 0 and var limit ? matching.Skip(start).Take((int)limit).ToList() : matching.Skip(start).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = list.Revision.ToString(CultureInfo.InvariantCulture) };
        var remaining = matching.Count - start - page.Count;
        if (remaining > 0)
        {
            metadata["continue"] = ContinueToken.Encode(new ContinueToken(KeyOf(resource, page[^1]), list.Revision));
            metadata["remainingItemCount"] = remaining;
        }

        return new JsonObject
        {
            ["kind"] = resource.ListKind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page.Select(item => (JsonNode)WithTypeMeta(resource, item))]),
        };
    }

    public async Task<JsonObject> CreateAsync(ServedResource resource, string ns, JsonObject body, WriteOptions options, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var obj = PrepareBody(resource, ns, body);
        var metadata = ObjectMetadata.Metadata(obj);
        if (string.IsNullOrEmpty((string?)metadata["name"]) && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + GeneratedSuffix();
        }

        var name = ObjectMetadata.Name(obj);
        if (name.Length == 0)
        {
            throw ApiException.Invalid(resource.Group, resource.Kind, "", [("metadata.name", "metadata.name: Required value: name or generateName is required")]);
        }

        if (resource.Namespaced)
        {
            await RequireNamespaceAsync(ns, cancellationToken);
        }

        options.Check?.Check(ns, obj, null);
        metadata.Remove("resourceVersion");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (resource.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        if (resource.HasStatusSubresource && resource.IsCustom)
        {
            // The status of a custom resource with a status subresource is written through that subresource only.
            obj.Remove("status");
        }

        obj = Admit(resource, obj, null, options);
        await strategy.BeforeCreateAsync(resource, obj, cancellationToken);
        obj = RecordOwnership(resource, null, obj, options);
        if (options.DryRun)
        {
            return obj;
        }

        try
        {
            var created = await store.CreateAsync(StorageKeys.Key(resource.Group, resource.Resource, ns, name), obj, cancellationToken);
            return WithTypeMeta(resource, created.Value);
        }
        catch (StoreConflictException e) when (e.Kind == StoreConflictKind.AlreadyExists)
        {
            throw ApiException.AlreadyExists(resource.Group, resource.Resource, name);
        }
    }

    /// <summary>
    /// A full replacement (PUT) of the object or of its status. The body's <c>metadata.resourceVersion</c>, when set,
    /// must be the current one.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(
        ServedResource resource, string ns, string name, string subresource, JsonObject body, WriteOptions options, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var obj = PrepareBody(resource, ns, body);
        if (ObjectMetadata.Name(obj) != name)
        {
            throw ApiException.BadRequest($"the name of the object ({ObjectMetadata.Name(obj)}) does not match the name on the URL ({name})");
        }

        var precondition = ObjectMetadata.ResourceVersion(obj);
        return await GuaranteedUpdateAsync(resource, ns, name, precondition, _ => obj, subresource, options, cancellationToken);
    }

    /// <summary>
    /// Reads the current object, applies <paramref name="change"/>, and writes it back if nobody else wrote in
    /// between, retrying on such conflicts unless the caller gave a resourceVersion precondition.
    /// </summary>
    public async Task<JsonObject> GuaranteedUpdateAsync(
        ServedResource resource, string ns, string name, string? precondition, Func<JsonObject, JsonObject> change,
        string subresource, WriteOptions options, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var key = StorageKeys.Key(resource.Group, resource.Resource, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound(resource.Group, resource.Resource, name);
            if (!string.IsNullOrEmpty(precondition) && precondition != current.ModRevision.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(resource.Group, resource.Resource, name);
            }

            var updated = change(WithTypeMeta(resource, (JsonObject)current.Value.DeepClone()));
            options.Check?.Check(ns, updated, WithTypeMeta(resource, current.Value));
            updated = MergeForUpdate(resource, current.Value, PrepareBody(resource, ns, updated), subresource);
            updated = Admit(resource, updated, current.Value, options);
            await strategy.BeforeUpdateAsync(resource, updated, current.Value, cancellationToken);
            updated = RecordOwnership(resource, current.Value, updated, options);
            if (options.DryRun)
            {
                return updated;
            }

            if (ShouldDelete(resource, updated))
            {
                // The last finalizer of an object being deleted was removed: it goes now.
                var deleted = await store.DeleteAsync(key, current.ModRevision, cancellationToken);
                return WithTypeMeta(resource, deleted.Value);
            }

            KeepManagedFieldsTimes(updated, current.Value);
            if (JsonNode.DeepEquals(Comparable(updated), Comparable(current.Value)))
            {
                // No change: no write, no new resourceVersion, as Kubernetes skips no-op updates.
                return WithTypeMeta(resource, current.Value);
            }

            try
            {
                var written = await store.UpdateAsync(key, current.ModRevision, updated, cancellationToken);
                return WithTypeMeta(resource, written.Value);
            }
            catch (StoreConflictException e) when (e.Kind == StoreConflictKind.Conflict && string.IsNullOrEmpty(precondition) && attempt < 10)
            {
                // Someone wrote in between; read again and reapply.
            }
            catch (StoreConflictException e) when (e.Kind == StoreConflictKind.Conflict)
            {
                throw ApiException.Conflict(resource.Group, resource.Resource, name);
            }
            catch (StoreConflictException e) when (e.Kind == StoreConflictKind.NotFound)
            {
                throw ApiException.NotFound(resource.Group, resource.Resource, name);
            }
        }
    }

    /// <summary>
    /// Deletes the object, or, while it has finalizers or a grace period (pods), marks it with
    /// <c>deletionTimestamp</c> and leaves it for the finalizers' owners or the node (the response is then the marked
    /// object). A later delete may only shorten a grace period, as kube-apiserver's BeforeDelete rules.
    /// </summary>
    public async Task<(JsonObject Object, bool Deleted)> DeleteAsync(
        ServedResource resource, string ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        var key = StorageKeys.Key(resource.Group, resource.Resource, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound(resource.Group, resource.Resource, name);
            if (options.ResourceVersion is { Length: > 0 } rv && rv != current.ModRevision.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(resource.Group, resource.Resource, name);
            }

            if (options.Uid is { Length: > 0 } uid && uid != (string?)current.Value["metadata"]?["uid"])
            {
                throw ApiException.Conflict(resource.Group, resource.Resource, name);
            }

            var marked = (JsonObject)current.Value.DeepClone();
            var metadata = ObjectMetadata.Metadata(marked);
            switch (GracefulDeletion(resource, current.Value, options.GracePeriodSeconds))
            {
                case (GraceDecision.Pending, _):
                    return (WithTypeMeta(resource, current.Value), false);
                case (GraceDecision.Mark, var deadline):
                    metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(deadline.At);
                    metadata["deletionGracePeriodSeconds"] = deadline.Seconds;
                    break;
            }

            var finalizers = new List<string>(ObjectMetadata.Finalizers(current.Value));
            finalizers.AddRange(strategy.FinalizersOnDelete(resource, current.Value, options.PropagationPolicy).Where(f => !finalizers.Contains(f)));
            var graceLeft = (long?)metadata["deletionGracePeriodSeconds"] is > 0;
            if (finalizers.Count > 0 || graceLeft || strategy.HoldsDeletion(resource, current.Value))
            {
                if (finalizers.Count > 0)
                {
                    metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
                }

                if (metadata["deletionTimestamp"] is null)
                {
                    metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
                    metadata["deletionGracePeriodSeconds"] = 0;
                }

                if (current.Value["metadata"]?["deletionTimestamp"] is null)
                {
                    strategy.MarkDeleting(resource, marked);
                }

                if (options.DryRun)
                {
                    return (WithTypeMeta(resource, marked), false);
                }

                try
                {
                    var written = JsonNode.DeepEquals(marked, current.Value) ? current : await store.UpdateAsync(key, current.ModRevision, marked, cancellationToken);
                    return (WithTypeMeta(resource, written.Value), false);
                }
                catch (StoreConflictException) when (attempt < 10)
                {
                    continue;
                }
            }

            if (options.DryRun)
            {
                return (WithTypeMeta(resource, current.Value), true);
            }

            try
            {
                var deleted = await store.DeleteAsync(key, current.ModRevision, cancellationToken);
                return (WithTypeMeta(resource, deleted.Value), true);
            }
            catch (StoreConflictException e) when (e.Kind == StoreConflictKind.Conflict && attempt < 10)
            {
            }
            catch (StoreConflictException e) when (e.Kind == StoreConflictKind.NotFound)
            {
                throw ApiException.NotFound(resource.Group, resource.Resource, name);
            }
        }
    }

    /// <summary>
    /// Watch events as Kubernetes sends them: when <paramref name="resourceVersion"/> is empty or "0", first an
    /// ADDED event per existing object, then every change after the list's revision.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ServedResource resource, string ns, string? resourceVersion, ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ns = ScopedNamespace(resource, ns);
        long after;
        if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
        {
            var list = await store.ListAsync(StorageKeys.Prefix(resource.Group, resource.Resource, ns), cancellationToken);
            foreach (var item in list.Items.Where(i => options.Matches(i.Value)))
            {
                yield return new WatchEvent("ADDED", WithTypeMeta(resource, item.Value), item.ModRevision);
            }

            after = list.Revision;
        }
        else if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw ApiException.BadRequest($"invalid resource version: {resourceVersion}");
        }

        await foreach (var change in store.WatchAsync(StorageKeys.Prefix(resource.Group, resource.Resource, ns), after, cancellationToken))
        {
            var type = change.Type switch
            {
                StoreEventType.Added => "ADDED",
                StoreEventType.Modified => "MODIFIED",
                _ => "DELETED",
            };
            if (options.Matches(change.Object.Value))
            {
                yield return new WatchEvent(type, WithTypeMeta(resource, change.Object.Value), change.Revision);
            }
        }
    }

    /// <summary>
    /// The namespace part of a key: empty for a cluster-scoped resource whatever the caller passed (a request for
    /// <c>/api/v1/namespaces/{name}</c> carries the namespace's own name as its namespace, as Kubernetes' RequestInfo).
    /// </summary>
    private static string ScopedNamespace(ServedResource resource, string ns) => resource.Namespaced ? ns : "";

    private async Task RequireNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(StorageKeys.Key("", "namespaces", null, ns), cancellationToken)
            ?? throw ApiException.NotFound("", "namespaces", ns);
        if (stored.Value["metadata"]?["deletionTimestamp"] is not null)
        {
            throw new ApiException(403, "Forbidden",
                $"unable to create new content in namespace {ns} because it is being terminated", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
        }
    }

    /// <summary>Checks the body's type and namespace against the URL and fills what clients may omit.</summary>
    private static JsonObject PrepareBody(ServedResource resource, string ns, JsonObject body)
    {
        var obj = (JsonObject)body.DeepClone();
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if ((apiVersion is { Length: > 0 } && apiVersion != resource.ApiVersion) || (kind is { Length: > 0 } && kind != resource.Kind))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.ApiVersion})");
        }

        // Patroni, among others, sends bodies without apiVersion and kind; the URL says what they are.
        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        var metadata = ObjectMetadata.Metadata(obj);
        var bodyNamespace = (string?)metadata["namespace"];
        if (resource.Namespaced)
        {
            if (bodyNamespace is { Length: > 0 } && bodyNamespace != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        return obj;
    }

    /// <summary>
    /// Keeps what a client may not change on update: identity and creation metadata always; and status through the
    /// main resource (or everything but status through <c>/status</c>) for resources with a status subresource.
    /// </summary>
    private static JsonObject MergeForUpdate(ServedResource resource, JsonObject current, JsonObject updated, string subresource)
    {
        var metadata = ObjectMetadata.Metadata(updated);
        var currentMetadata = ObjectMetadata.Metadata(current);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (currentMetadata[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }

        metadata.Remove("resourceVersion");
        if (subresource == "finalize")
        {
            // A namespace's finalize subresource changes spec.finalizers and nothing else.
            var result = (JsonObject)current.DeepClone();
            var spec = result["spec"] as JsonObject ?? new JsonObject();
            result["spec"] = spec;
            spec["finalizers"] = updated["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
            return result;
        }

        if (subresource == "binding")
        {
            // pods/binding sets the node, the binding's annotations and the PodScheduled condition, nothing else.
            var result = (JsonObject)current.DeepClone();
            result["spec"]!["nodeName"] = updated["spec"]?["nodeName"]?.DeepClone();
            ObjectMetadata.Metadata(result)["annotations"] = updated["metadata"]?["annotations"]?.DeepClone();
            result["status"] = updated["status"]?.DeepClone();
            return result;
        }

        if (subresource == "status")
        {
            var result = (JsonObject)current.DeepClone();
            result["status"] = updated["status"]?.DeepClone();
            if (result["status"] is null)
            {
                result.Remove("status");
            }

            return result;
        }

        if (resource.HasStatusSubresource)
        {
            if (current["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
            else
            {
                updated.Remove("status");
            }
        }

        if (resource.TracksGeneration && !JsonNode.DeepEquals(Spec(updated), Spec(current)))
        {
            metadata["generation"] = ((long?)currentMetadata["generation"] ?? 0) + 1;
        }

        // Finalizers can be removed from, but never added to, an object being deleted.
        if (currentMetadata["deletionTimestamp"] is not null)
        {
            var allowed = ObjectMetadata.Finalizers(current).ToHashSet(StringComparer.Ordinal);
            var added = ObjectMetadata.Finalizers(updated).Where(f => !allowed.Contains(f)).ToList();
            if (added.Count > 0)
            {
                throw ApiException.Invalid(resource.Group, resource.Kind, ObjectMetadata.Name(current),
                    [("metadata.finalizers", $"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}")]);
            }
        }

        return updated;
    }

    /// <summary>Defaulting and validation: the CRD's schema for custom resources, the strategy for built-in ones.</summary>
    private JsonObject Admit(ServedResource resource, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        var errors = new List<(string Field, string Message)>();
        if (resource.CustomValidator is { } validator)
        {
            var result = validator.Validate(obj, options.FieldValidation, old);
            foreach (var warning in result.Warnings)
            {
                options.Warnings.Add(warning);
            }

            // Unknown fields under Strict fail decoding (400) before any schema validation (422), as in Kubernetes.
            var unknown = result.Errors.Where(e => e.Message.StartsWith("unknown field \"", StringComparison.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                throw ApiException.BadRequest(
                    $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: strict decoding error: {string.Join(", ", unknown.Select(e => e.Message))}");
            }

            if (!result.IsValid)
            {
                errors.AddRange(result.Errors.Select(e => (e.Field, e.Message)));
            }
            else
            {
                obj = (JsonObject)result.Object!;
            }
        }
        else
        {
            obj = strategy.Admit(resource, obj, old, options, errors);
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(resource.Group, resource.Kind, ObjectMetadata.Name(obj), errors);
        }

        return obj;
    }

    /// <summary>
    /// An update that removes the last finalizer deletes the object, unless a grace period still runs (a pod that
    /// its node has yet to stop).
    /// </summary>
    private bool ShouldDelete(ServedResource resource, JsonObject obj) =>
        obj["metadata"]?["deletionTimestamp"] is not null && ObjectMetadata.Finalizers(obj).Count == 0
        && (long?)obj["metadata"]?["deletionGracePeriodSeconds"] is null or 0 && !strategy.HoldsDeletion(resource, obj);

    private enum GraceDecision
    {
        /// <summary>Not deleted gracefully, or a grace period already ended: finalizers decide.</summary>
        None,

        /// <summary>A grace period runs and the request does not shorten it: nothing changes.</summary>
        Pending,

        /// <summary>Set (or shorten) the grace period.</summary>
        Mark,
    }

    /// <summary>kube-apiserver's rest.BeforeDelete: whether and how a delete sets the object's grace period.</summary>
    private (GraceDecision Decision, (DateTimeOffset At, long Seconds) Deadline) GracefulDeletion(ServedResource resource, JsonObject obj, long? requested)
    {
        requested = requested < 0 ? 1 : requested;
        var metadata = obj["metadata"];
        var now = time.GetUtcNow();
        if (metadata?["deletionTimestamp"] is not null)
        {
            if ((long?)metadata["deletionGracePeriodSeconds"] is not ({ } marked and > 0))
            {
                return (GraceDecision.None, default);
            }

            if (requested is not { } shorter || shorter >= marked)
            {
                return (GraceDecision.Pending, default);
            }

            // The deadline moves back by the difference, as Kubernetes computes it.
            var deadline = DateTimeOffset.Parse((string)metadata["deletionTimestamp"]!, CultureInfo.InvariantCulture)
                .AddSeconds(shorter - marked);
            return (GraceDecision.Mark, (deadline, shorter));
        }

        return strategy.GracePeriodSeconds(resource, obj, requested) is { } period
            ? (GraceDecision.Mark, (now.AddSeconds(period), period))
            : (GraceDecision.None, default);
    }

    /// <summary>Records the fields a non-apply write set or changed under its manager, with operation Update.</summary>
    private JsonObject RecordOwnership(ServedResource resource, JsonObject? before, JsonObject after, WriteOptions options)
    {
        if (string.IsNullOrEmpty(options.FieldManager) || ListTypes?.Invoke(resource) is not { } types)
        {
            return after;
        }

        return Patching.Apply.ManagedFields.RecordUpdate(before, after, options.FieldManager, resource.ApiVersion, time.GetUtcNow(), types);
    }

    /// <summary>
    /// Kubernetes' IgnoreManagedFieldsTimestampsTransformer: when a write changes nothing but the times of
    /// managedFields entries (an apply whose merge differs from the live object only in what defaulting restores),
    /// the entries keep their old times, so the write is a no-op.
    /// </summary>
    private static void KeepManagedFieldsTimes(JsonObject updated, JsonObject current)
    {
        var updatedEntries = updated["metadata"]?["managedFields"] as JsonArray;
        var currentEntries = current["metadata"]?["managedFields"] as JsonArray;
        if (updatedEntries is null || currentEntries is null || updatedEntries.Count != currentEntries.Count
            || JsonNode.DeepEquals(updatedEntries, currentEntries))
        {
            return;
        }

        for (var i = 0; i < updatedEntries.Count; i++)
        {
            if (!JsonNode.DeepEquals(WithoutTime(updatedEntries[i]), WithoutTime(currentEntries[i])))
            {
                return;
            }
        }

        var candidate = (JsonObject)updated.DeepClone();
        ObjectMetadata.Metadata(candidate)["managedFields"] = currentEntries.DeepClone();
        if (JsonNode.DeepEquals(Comparable(candidate), Comparable(current)))
        {
            ObjectMetadata.Metadata(updated)["managedFields"] = currentEntries.DeepClone();
        }

        static JsonNode? WithoutTime(JsonNode? entry)
        {
            if (entry is not JsonObject obj)
            {
                return entry;
            }

            var copy = (JsonObject)obj.DeepClone();
            copy.Remove("time");
            return copy;
        }
    }

    private static JsonNode? Spec(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonObject Comparable(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        ObjectMetadata.Metadata(copy).Remove("resourceVersion");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        return copy;
    }

    private static JsonObject WithTypeMeta(ServedResource resource, JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = resource.ApiVersion;
        copy["kind"] = resource.Kind;
        return copy;
    }

    private static string KeyOf(ServedResource resource, JsonObject obj) =>
        StorageKeys.Key(resource.Group, resource.Resource, ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj));

    private static string GeneratedSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}

/// <summary>One watch event: ADDED, MODIFIED, DELETED (or BOOKMARK/ERROR from the handler).</summary>
public sealed record WatchEvent(string Type, JsonObject Object, long Revision);
