using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.ApiServer.Security;
using Ivyo.LocalCluster.Auth;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// The request pipeline, in kube-apiserver's order: authenticate (client certificate, then bearer token, else
/// anonymous), parse the request, authorize it with RBAC (403 in Kubernetes' words when denied), then hand it to the
/// access-review, resource or non-resource handler; writes of RBAC roles and bindings also pass RBAC's
/// privilege-escalation check (<see cref="RbacEscalationCheck"/>) before they are stored. Every failure becomes a
/// <c>Status</c> response.
/// </summary>
public sealed class RequestRouter(
    ResourceTable table, ResourceHandler resources, NonResourceHandler nonResources, AccessReviewHandler reviews,
    Authenticator authenticator, RbacPolicyCache policy)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var request = context.Request;
            var authentication = authenticator.Authenticate(context.Connection.ClientCertificate, request.Headers.Authorization.ToString());
            if (authentication.IsUnauthorized)
            {
                throw ApiException.Unauthorized();
            }

            var user = authentication.User ?? UserInfo.Anonymous;
            var info = RequestInfoParser.Parse(request.Method, request.Path.Value ?? "/", QueryOptions.IsWatch(request.Query));
            var authorizer = await AuthorizeAsync(user, info, cancellationToken);

            if (info.IsResourceRequest && AccessReviewHandler.Handles(info))
            {
                await reviews.HandleAsync(context, info, user, cancellationToken);
            }
            else if (info.IsResourceRequest && table.Find(info.ApiGroup, info.ApiVersion, info.Resource) is not null)
            {
                await resources.HandleAsync(context, info, RbacEscalationCheck.For(info, user, authorizer), () => Authorize(authorizer, user, info, "create"), cancellationToken);
                if (info.ApiGroup == "rbac.authorization.k8s.io" && info.Verb is not ("get" or "list" or "watch"))
                {
                    policy.Invalidate();
                }
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

    /// <summary>Authorizes <paramref name="verb"/> on the request's object, or throws the 403.</summary>
    private static void Authorize(RbacAuthorizer authorizer, UserInfo user, RequestInfo info, string verb)
    {
        var attributes = new RequestAttributes(user, verb, true, info.ApiGroup, info.Resource, info.Subresource, info.Namespace, info.Name, info.Path);
        var decision = authorizer.Authorize(attributes);
        if (!decision.Allowed)
        {
            throw ApiException.Forbidden(RbacAuthorizer.ForbiddenMessage(attributes, decision.Reason), info.ApiGroup, info.Resource, info.Name);
        }
    }

    /// <summary>Authorizes the request or throws the 403; returns the authorizer it decided with.</summary>
    private async Task<RbacAuthorizer> AuthorizeAsync(UserInfo user, RequestInfo info, CancellationToken cancellationToken)
    {
        var attributes = info.IsResourceRequest
            ? new RequestAttributes(user, info.Verb, true, info.ApiGroup, info.Resource, info.Subresource, info.Namespace, info.Name, info.Path)
            : RequestAttributes.ForPath(user, info.Verb, info.Path);
        var authorizer = await policy.AuthorizerAsync(cancellationToken);
        var decision = authorizer.Authorize(attributes);
        if (decision.Allowed && info.IsResourceRequest && info.Verb == "get" && info.Subresource is "exec" or "attach" or "portforward")
        {
            // A WebSocket exec is a GET; it also needs "create", as Kubernetes checks since KEP-4006, so that "get"
            // alone (read access) never lets anyone run commands.
            attributes = attributes with { Verb = "create" };
            decision = authorizer.Authorize(attributes);
        }

        if (!decision.Allowed)
        {
            throw ApiException.Forbidden(RbacAuthorizer.ForbiddenMessage(attributes, decision.Reason), info.ApiGroup, info.Resource, info.Name);
        }

        return authorizer;
    }
}
