using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.ApiServer.Security;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// The request pipeline: authenticate, parse the request as Kubernetes does, then hand it to the resource or
/// non-resource handler; every failure becomes a <c>Status</c> response.
/// </summary>
public sealed class RequestRouter(ResourceTable table, ResourceHandler resources, NonResourceHandler nonResources, ClusterCredentials credentials)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            Authenticate(context);
            var request = context.Request;
            var info = RequestInfoParser.Parse(request.Method, request.Path.Value ?? "/", QueryOptions.IsWatch(request.Query));
            if (info.IsResourceRequest && table.Find(info.ApiGroup, info.ApiVersion, info.Resource) is not null)
            {
                await resources.HandleAsync(context, info, cancellationToken);
            }
            else
            {
                await nonResources.HandleAsync(context, info, cancellationToken);
            }
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteErrorAsync(context.Response, e, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug: answer as kube-apiserver does, with a 500 Status that carries the error.
            await HttpJson.WriteErrorAsync(context.Response, new ApiException(500, "InternalError", "Internal error occurred: " + e.Message), cancellationToken);
        }
    }

    /// <summary>
    /// Today every client presents the admin certificate, which TLS has verified against the cluster CA; bearer
    /// tokens and RBAC come with <c>Ivyo.LocalCluster.Auth</c>.
    /// </summary>
    private void Authenticate(HttpContext context)
    {
        if (context.Connection.ClientCertificate is null)
        {
            throw ApiException.Unauthorized();
        }

        _ = credentials;
    }
}
