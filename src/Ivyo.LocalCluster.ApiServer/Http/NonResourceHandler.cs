using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Discovery;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>Health, version and discovery endpoints.</summary>
public sealed class NonResourceHandler(ResourceTable table, OpenApi.OpenApiDocuments openApi)
{
    /// <summary>The Kubernetes version the server reports, the minor that kubectl 1.32 expects within its skew.</summary>
    public static JsonObject Version { get; } = new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-ivyo",
        ["gitCommit"] = "ivyo",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-25T00:00:00Z",
        ["goVersion"] = "go1.23",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public async Task HandleAsync(HttpContext context, RequestInfo info, CancellationToken cancellationToken)
    {
        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        var response = context.Response;
        if (path is "/healthz" or "/readyz" or "/livez" || path.StartsWith("/healthz/", StringComparison.Ordinal)
            || path.StartsWith("/readyz/", StringComparison.Ordinal) || path.StartsWith("/livez/", StringComparison.Ordinal))
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("ok", cancellationToken);
            return;
        }

        if (path is "/api" or "/apis" && AggregatedDiscovery.Requested(context.Request.Headers.Accept.ToString()))
        {
            response.StatusCode = 200;
            response.ContentType = AggregatedDiscovery.ContentType;
            await response.WriteAsync(HttpJson.Serialize(AggregatedDiscovery.Document(table, core: path == "/api")), cancellationToken);
            return;
        }

        JsonNode? document = path switch
        {
            "/version" => Version.DeepClone(),
            "/api" => DiscoveryDocuments.CoreVersions(context.Request.Host.ToString()),
            "/apis" => DiscoveryDocuments.GroupList(table),
            "/openapi/v3" => openApi.Root(),
            _ when path.StartsWith("/openapi/v3/", StringComparison.Ordinal) => openApi.Document(path["/openapi/v3/".Length..]),
            "/api/v1" => DiscoveryDocuments.ResourceList(table, "", "v1"),
            _ when info.ApiGroup.Length > 0 && info.ApiVersion.Length > 0 && !info.IsResourceRequest && path.Count(c => c == '/') == 3 =>
                DiscoveryDocuments.ResourceList(table, info.ApiGroup, info.ApiVersion),
            _ when path.StartsWith("/apis/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2 =>
                DiscoveryDocuments.GroupDocument(table, path["/apis/".Length..]),
            _ => null,
        };

        if (document is null)
        {
            throw ApiException.NotFoundPath(path);
        }

        await HttpJson.WriteAsync(response, 200, document, cancellationToken);
    }
}
