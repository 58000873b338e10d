using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>Serves resource requests: maps a verb on a resource to <see cref="ObjectService"/> and writes the response.</summary>
public sealed class ResourceHandler(
    ResourceTable table, ObjectService objects, IPatchApplier patches, ITablePrinter printer, Nodes.KubeletConnector kubelets, TimeProvider time,
    ILogger<ResourceHandler> logger)
{
    /// <summary>How often a watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <param name="writeCheck">What a create, update or patch (apply included) must pass before it is stored, if anything.</param>
    /// <param name="authorizeCreate">
    /// Throws the 403 when the requester may not create the object: an apply that creates needs <c>create</c> as well
    /// as <c>patch</c>, as kube-apiserver's patch handler checks.
    /// </param>
    public async Task HandleAsync(HttpContext context, RequestInfo info, IWriteCheck? writeCheck, Action? authorizeCreate, CancellationToken cancellationToken)
    {
        var resource = table.Find(info.ApiGroup, info.ApiVersion, info.Resource)
            ?? throw ApiException.NotFoundPath(info.Path);
        var request = context.Request;
        var query = request.Query;
        var ns = resource.Namespaced ? info.Namespace : "";
        if (resource.Namespaced && ns.Length == 0 && info.Name.Length > 0)
        {
            throw ApiException.NotFoundPath(info.Path);
        }

        if (info.Subresource == "scale" && resource.Type.HasSubresource("scale") && !resource.IsCustom)
        {
            await new ScaleHandler(objects, patches).HandleAsync(context, resource, info, cancellationToken);
            return;
        }

        if (resource.Group.Length == 0 && resource.Resource == "pods" && info.Subresource is "eviction" or "binding" or "log" or "exec")
        {
            await (info.Subresource switch
            {
                "eviction" => new EvictionHandler(table, objects, time).HandleAsync(context, resource, info, cancellationToken),
                "binding" => new BindingHandler(objects, time).HandleAsync(context, resource, info, cancellationToken),
                "log" => new PodLogHandler(objects, kubelets).HandleAsync(context, resource, info, cancellationToken),
                _ => new PodExecHandler(objects, kubelets).HandleAsync(context, resource, info, cancellationToken),
            });
            return;
        }

        if (info.Subresource.Length > 0 && info.Subresource != "status"
            && !(info.Subresource == "finalize" && info.Verb == "update" && resource.Group.Length == 0 && resource.Resource == "namespaces"))
        {
            throw ApiException.NotFoundPath(info.Path);
        }

        switch (info.Verb)
        {
            case "get":
                await RespondAsync(context, resource, 200, await objects.GetAsync(resource, ns, info.Name, cancellationToken), cancellationToken);
                break;
            case "list":
                var list = await objects.ListAsync(resource, ns, QueryOptions.List(query), cancellationToken);
                await RespondListAsync(context, resource, list, cancellationToken);
                break;
            case "watch":
                await WatchAsync(context, resource, ns, info.Name, cancellationToken);
                break;
            case "create":
                var createOptions = QueryOptions.Write(request) with { Check = writeCheck };
                var created = await objects.CreateAsync(resource, ns, AsObject(await HttpJson.ReadBodyAsync(request, cancellationToken)), createOptions, cancellationToken);
                await AfterWriteAsync(resource, cancellationToken);
                await RespondAsync(context, resource, 201, created, cancellationToken, createOptions.Warnings);
                break;
            case "update":
                var updateOptions = QueryOptions.Write(request) with { Check = writeCheck };
                var updated = await objects.UpdateAsync(resource, ns, info.Name, info.Subresource,
                    AsObject(await HttpJson.ReadBodyAsync(request, cancellationToken)), updateOptions, cancellationToken);
                await AfterWriteAsync(resource, cancellationToken);
                await RespondAsync(context, resource, 200, updated, cancellationToken, updateOptions.Warnings);
                break;
            case "patch":
                await PatchAsync(context, resource, ns, info, writeCheck, authorizeCreate, cancellationToken);
                break;
            case "delete":
                var deleteOptions = await DeleteOptionsAsync(request, cancellationToken);
                var (deleted, gone) = await objects.DeleteAsync(resource, ns, info.Name, deleteOptions, cancellationToken);
                await AfterWriteAsync(resource, cancellationToken);
                // As kube-apiserver: 202 only for an object left in place under the deprecated orphanDependents=false.
                await RespondAsync(context, resource, !gone && deleteOptions.OrphanDependents == false ? 202 : 200, deleted, cancellationToken);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, resource, ns, cancellationToken);
                break;
            default:
                throw ApiException.MethodNotSupported(resource.Resource, info.Verb);
        }
    }

    private async Task PatchAsync(
        HttpContext context, ServedResource resource, string ns, RequestInfo info, IWriteCheck? writeCheck, Action? authorizeCreate, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
        var body = await HttpJson.ReadBodyAsync(request, cancellationToken);
        var options = QueryOptions.Write(request) with { Check = writeCheck };
        if (contentType == Patching.PatchContentTypes.ApplyPatchYaml)
        {
            await new ServerSideApplyHandler(objects, table, time).HandleAsync(context, resource, ns, info, body, options, authorizeCreate, cancellationToken);
            await AfterWriteAsync(resource, cancellationToken);
            return;
        }

        // A resourceVersion inside a patch is an optimistic lock, as Patroni uses it.
        var precondition = body is JsonObject ? Patching.ResourceVersionPrecondition.Read(body) : null;
        var patched = await objects.GuaranteedUpdateAsync(resource, ns, info.Name, precondition,
            current => patches.Apply(resource, contentType, current, body), info.Subresource, options, cancellationToken);
        await AfterWriteAsync(resource, cancellationToken);
        await RespondAsync(context, resource, 200, patched, cancellationToken, options.Warnings);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ServedResource resource, string ns, CancellationToken cancellationToken)
    {
        var list = await objects.ListAsync(resource, ns, QueryOptions.List(context.Request.Query), cancellationToken);
        var options = await DeleteOptionsAsync(context.Request, cancellationToken);
        var deleted = new JsonArray();
        foreach (var item in list["items"]!.AsArray())
        {
            try
            {
                var (obj, _) = await objects.DeleteAsync(resource, ObjectMetadata.Namespace(item!.AsObject()), ObjectMetadata.Name(item.AsObject()), options, cancellationToken);
                deleted.Add(obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }

        list["items"] = deleted;
        await HttpJson.WriteAsync(context.Response, 200, list, cancellationToken);
    }

    /// <summary>A write to a CRD changes what the server serves: reload the custom resources.</summary>
    private async Task AfterWriteAsync(ServedResource resource, CancellationToken cancellationToken)
    {
        if (resource.Kind == "CustomResourceDefinition")
        {
            var list = await objects.ListAsync(resource, "", ListOptions.All, cancellationToken);
            table.SetCustomResources(list["items"]!.AsArray().Select(i => i!.AsObject()));
        }
    }

    private static async Task<DeleteOptions> DeleteOptionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        string? propagation = query["propagationPolicy"];
        string? resourceVersion = null;
        string? uid = null;
        bool? orphan = null;
        long? grace = long.TryParse(query["gracePeriodSeconds"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var g) ? g : null;
        var dryRun = QueryOptions.DryRun(query);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await HttpJson.ReadBodyAsync(request, cancellationToken);
            propagation = (string?)body["propagationPolicy"] ?? propagation;
            if (body["orphanDependents"] is JsonValue orphanValue && orphanValue.TryGetValue<bool>(out var orphanDependents))
            {
                propagation ??= orphanDependents ? "Orphan" : "Background";
                orphan = orphanDependents;
            }

            resourceVersion = (string?)body["preconditions"]?["resourceVersion"];
            uid = (string?)body["preconditions"]?["uid"];
            grace = (long?)body["gracePeriodSeconds"] ?? grace;
            dryRun |= body["dryRun"] is JsonArray { Count: > 0 };
        }

        return new DeleteOptions(dryRun, propagation, resourceVersion, uid, grace, orphan);
    }

    /// <summary>
    /// A watch: newline-delimited JSON events over a chunked response, as long as the client stays and
    /// <c>timeoutSeconds</c> allows; bookmarks when asked; an ERROR event with a 410 Status for expired history.
    /// </summary>
    private async Task WatchAsync(HttpContext context, ServedResource resource, string ns, string name, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var options = QueryOptions.List(query);
        if (name.Length > 0)
        {
            options = options with { Fields = FieldSelector.Parse("metadata.name=" + name) };
        }

        var timeout = long.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        var bookmarks = query["allowWatchBookmarks"].ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
        using var watchScope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchScope.CancelAfter(timeout);

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(cancellationToken);
        // Begin the stream as WatchServer.HandleHTTP does (WriteHeader, then Flush): the client has the 200 and the
        // chunked headers before the first event; Kestrel's StartAsync alone only buffers them.
        await response.Body.FlushAsync(cancellationToken);

        var writeLock = new SemaphoreSlim(1, 1);
        var lastRevision = objects.Store.CurrentRevision;
        async Task SendAsync(string type, JsonNode obj)
        {
            await writeLock.WaitAsync(watchScope.Token);
            try
            {
                var line = HttpJson.Serialize(new JsonObject { ["type"] = type, ["object"] = obj }) + "\n";
                await response.WriteAsync(line, watchScope.Token);
                await response.Body.FlushAsync(watchScope.Token);
            }
            finally
            {
                writeLock.Release();
            }
        }

        Task? bookmarkLoop = null;
        if (bookmarks)
        {
            bookmarkLoop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(BookmarkInterval, time);
                while (await timer.WaitForNextTickAsync(watchScope.Token))
                {
                    await SendAsync("BOOKMARK", new JsonObject
                    {
                        ["kind"] = resource.Kind,
                        ["apiVersion"] = resource.ApiVersion,
                        ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref lastRevision).ToString(CultureInfo.InvariantCulture) },
                    });
                }
            }, watchScope.Token);
        }

        try
        {
            await foreach (var change in objects.WatchAsync(resource, ns, query["resourceVersion"], options, watchScope.Token))
            {
                Interlocked.Exchange(ref lastRevision, change.Revision);
                await SendAsync(change.Type, change.Object);
            }
        }
        catch (StoreCompactedException e)
        {
            await SendAsync("ERROR", ApiException.Gone($"too old resource version: {e.RequestedRevision} ({e.OldestRevision})").ToStatus());
        }
        catch (OperationCanceledException) when (watchScope.IsCancellationRequested)
        {
            // The client left or the timeout passed: the stream just ends, as Kubernetes ends it.
        }
        catch (Exception e) when (e is not ApiException)
        {
            // The store failed under the watch (etcd unreachable, say). kube-apiserver ends such a watch with an
            // ERROR event carrying an InternalError Status, and the client watches again; a reset stream would say
            // nothing about why.
            ResourceHandlerLog.WatchFailed(logger, resource.Resource, ns, e);
            try
            {
                await SendAsync("ERROR", ApiException.InternalError($"watch of {resource.Resource} failed: {e.Message}").ToStatus());
            }
            catch (Exception) when (watchScope.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
            {
                // The client is gone as well.
            }
        }
        finally
        {
            await watchScope.CancelAsync();
            if (bookmarkLoop is not null)
            {
                try
                {
                    await bookmarkLoop;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task RespondAsync(
        HttpContext context, ServedResource resource, int status, JsonObject obj, CancellationToken cancellationToken, IReadOnlyList<string>? warnings = null)
    {
        AddWarnings(context.Response, warnings);
        if (QueryOptions.WantsTable(context.Request))
        {
            await HttpJson.WriteAsync(context.Response, status, printer.ToTable([obj], resource, time.GetUtcNow(), IncludeObject(context.Request)), cancellationToken);
            return;
        }

        await HttpJson.WriteAsync(context.Response, status, obj, cancellationToken);
    }

    private async Task RespondListAsync(HttpContext context, ServedResource resource, JsonObject list, CancellationToken cancellationToken)
    {
        if (QueryOptions.WantsTable(context.Request))
        {
            var items = list["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            var table = printer.ToTable(items, resource, time.GetUtcNow(), IncludeObject(context.Request));
            table["metadata"] = list["metadata"]!.DeepClone();
            await HttpJson.WriteAsync(context.Response, 200, table, cancellationToken);
            return;
        }

        await HttpJson.WriteAsync(context.Response, 200, list, cancellationToken);
    }

    private static string IncludeObject(HttpRequest request) =>
        request.Query["includeObject"].ToString() is { Length: > 0 } value ? value : "Metadata";

    private static void AddWarnings(HttpResponse response, IReadOnlyList<string>? warnings)
    {
        foreach (var warning in warnings ?? [])
        {
            // RFC 7234 warning header, as kube-apiserver sends them: 299 - "text"
            response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    private static JsonObject AsObject(JsonNode body) =>
        body as JsonObject ?? throw ApiException.BadRequest("the object provided is unrecognized: expected a JSON object");
}

/// <summary>Applies a patch of a given content type to an object (see Ivyo.LocalCluster.Patching).</summary>
public interface IPatchApplier
{
    JsonObject Apply(ServedResource resource, string contentType, JsonObject current, JsonNode patch);
}

/// <summary>Turns objects into a meta.k8s.io/v1 Table for kubectl (see Ivyo.LocalCluster.Registry's printers).</summary>
public interface ITablePrinter
{
    JsonObject ToTable(IReadOnlyList<JsonObject> objects, ServedResource resource, DateTimeOffset now, string includeObject);
}
