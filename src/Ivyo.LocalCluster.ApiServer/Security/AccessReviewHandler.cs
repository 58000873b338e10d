using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Http;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.Auth;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// The requests that are answered rather than stored: SelfSubjectReview (<c>kubectl auth whoami</c>),
/// SelfSubjectAccessReview and SelfSubjectRulesReview (<c>kubectl auth can-i</c>), and TokenRequest on <c>serviceaccounts/{name}/token</c> (<c>kubectl create token</c>
/// and pods' projected tokens).
/// </summary>
public sealed class AccessReviewHandler(RbacPolicyCache policy, ServiceAccountTokenIssuer tokens, ObjectService objects, ResourceTable table)
{
    public static bool Handles(RequestInfo info) =>
        (info.ApiGroup == "authorization.k8s.io" && info.Resource is "selfsubjectaccessreviews" or "selfsubjectrulesreviews" && info.Verb == "create")
        || (info.ApiGroup == "authentication.k8s.io" && info.Resource == "selfsubjectreviews" && info.Verb == "create")
        || (info.ApiGroup == "" && info.Resource == "serviceaccounts" && info.Subresource == "token" && info.Verb == "create");

    public async Task HandleAsync(HttpContext context, RequestInfo info, UserInfo user, CancellationToken cancellationToken)
    {
        var body = await HttpJson.ReadBodyAsync(context.Request, cancellationToken) as JsonObject
            ?? throw ApiException.BadRequest("the object provided is unrecognized: expected a JSON object");
        var result = (JsonObject)body.DeepClone();
        result["apiVersion"] = info.GroupVersion;
        switch (info.Resource)
        {
            case "selfsubjectaccessreviews":
                result["kind"] = "SelfSubjectAccessReview";
                result["status"] = await AccessReviewAsync(body, user, cancellationToken);
                break;
            case "selfsubjectreviews":
                result["kind"] = "SelfSubjectReview";
                result["status"] = new JsonObject { ["userInfo"] = UserInfoJson(user) };
                break;
            case "selfsubjectrulesreviews":
                result["kind"] = "SelfSubjectRulesReview";
                var ns = (string?)body["spec"]?["namespace"] ?? "";
                result["status"] = (await policy.AuthorizerAsync(cancellationToken)).RulesFor(user, ns).ToStatusJson();
                break;
            default:
                result["kind"] = "TokenRequest";
                result["apiVersion"] = "authentication.k8s.io/v1";
                result["status"] = await TokenAsync(info, body, cancellationToken);
                break;
        }

        result["metadata"] ??= new JsonObject();
        await HttpJson.WriteAsync(context.Response, 201, result, cancellationToken);
    }

    /// <summary>The authenticated user as authentication.k8s.io/v1 UserInfo.</summary>
    private static JsonObject UserInfoJson(UserInfo user)
    {
        var info = new JsonObject { ["username"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]) };
        if (user.Uid is { } uid)
        {
            info["uid"] = uid;
        }

        if (user.Extra is { Count: > 0 } extra)
        {
            info["extra"] = new JsonObject(extra.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)JsonValue.Create(v))]))));
        }

        return info;
    }

    private async Task<JsonObject> AccessReviewAsync(JsonObject body, UserInfo user, CancellationToken cancellationToken)
    {
        var spec = body["spec"];
        RequestAttributes attributes;
        if (spec?["nonResourceAttributes"] is JsonObject nonResource)
        {
            attributes = RequestAttributes.ForPath(user, (string?)nonResource["verb"] ?? "", (string?)nonResource["path"] ?? "");
        }
        else
        {
            var resource = spec?["resourceAttributes"] ?? new JsonObject();
            attributes = RequestAttributes.ForResource(user, (string?)resource["verb"] ?? "", (string?)resource["group"] ?? "",
                (string?)resource["resource"] ?? "", (string?)resource["namespace"] ?? "", (string?)resource["name"] ?? "",
                (string?)resource["subresource"] ?? "");
        }

        var decision = (await policy.AuthorizerAsync(cancellationToken)).Authorize(attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        return status;
    }

    private async Task<JsonObject> TokenAsync(RequestInfo info, JsonObject body, CancellationToken cancellationToken)
    {
        var accounts = table.Find("", "v1", "serviceaccounts")!;
        var account = await objects.GetAsync(accounts, info.Namespace, info.Name, cancellationToken);
        var spec = body["spec"];
        var audiences = spec?["audiences"] is JsonArray list ? list.Select(a => (string?)a ?? "").ToList() : null;
        var seconds = (long?)spec?["expirationSeconds"] ?? 3600;
        BoundObjectReference? pod = null;
        if (spec?["boundObjectRef"] is JsonObject bound && (string?)bound["kind"] == "Pod")
        {
            pod = new BoundObjectReference((string?)bound["name"] ?? "", (string?)bound["uid"] ?? "");
        }

        var issued = tokens.Issue(new ServiceAccountTokenRequest(info.Namespace, info.Name, (string?)account["metadata"]?["uid"] ?? "",
            audiences is { Count: > 0 } ? audiences : null, TimeSpan.FromSeconds(Math.Max(600, seconds)), pod));
        return new JsonObject
        {
            ["token"] = issued.Token,
            ["expirationTimestamp"] = ObjectMetadata.Timestamp(issued.ExpirationTimestamp),
        };
    }
}
