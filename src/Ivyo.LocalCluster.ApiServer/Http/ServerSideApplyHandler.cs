using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.Patching.Apply;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// Server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>): the applied configuration is merged with
/// field ownership per manager (<c>fieldManager</c>); a field another manager owns with another value is a 409
/// conflict unless <c>force=true</c>; an object that does not exist is created, if the requester may also
/// <c>create</c> it. The object is addressed by the resource's own scope: for a cluster-scoped resource the namespace
/// is empty whatever the request's namespace (<c>/api/v1/namespaces/{name}</c> reports the namespace's own name as
/// its namespace, as Kubernetes' RequestInfo does).
/// </summary>
public sealed class ServerSideApplyHandler(ObjectService objects, ResourceTable table, TimeProvider time)
{
    public async Task HandleAsync(
        HttpContext context, ServedResource resource, string ns, RequestInfo info, JsonNode body, WriteOptions options, Action? authorizeCreate,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw ApiException.Invalid("meta.k8s.io", "PatchOptions", "",
                [("fieldManager", "fieldManager: Required value: is required for apply patch")]);
        }

        var applied = body as JsonObject ?? throw ApiException.BadRequest("the object provided is unrecognized: expected an object");
        var apply = new ApplyOptions(manager, resource.ApiVersion, query["force"].ToString() == "true", time.GetUtcNow());
        var types = table.ListTypes(resource);
        // The apply itself records ownership; the generic write path must not record an Update on top.
        options = options with { FieldManager = null };

        JsonObject Merge(JsonObject? live)
        {
            var result = ServerSideApply.Apply(live, applied, apply, types);
            if (result.Conflicts.Count > 0)
            {
                var status = ApplyConflicts.ToStatus(result.Conflicts);
                throw new ApiException(409, "Conflict", (string?)status["message"] ?? "Apply failed", status["details"]?.AsObject());
            }

            return result.Object;
        }

        JsonObject written;
        var status = 200;
        try
        {
            written = await objects.GuaranteedUpdateAsync(resource, ns, info.Name, null, current => Merge(current), info.Subresource, options, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404 && info.Subresource.Length == 0
            && (string?)e.Details?["name"] == info.Name && (string?)e.Details?["kind"] == resource.Resource)
        {
            // An apply to a subresource (status) of a missing object is 404, as Kubernetes: only the object is created.
            // Creating needs "create" too, not just "patch".
            authorizeCreate?.Invoke();
            var created = Merge(null);
            created["metadata"] ??= new JsonObject();
            created["metadata"]!["name"] ??= info.Name;
            written = await objects.CreateAsync(resource, ns, created, options, cancellationToken);
            status = 201;
        }

        await HttpJson.WriteAsync(context.Response, status, written, cancellationToken);
    }
}
