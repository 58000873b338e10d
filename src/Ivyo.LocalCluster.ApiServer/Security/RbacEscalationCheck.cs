using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.ApiServer.Security;

/// <summary>
/// RBAC's privilege-escalation prevention, as Kubernetes' policybased storages of roles, clusterroles, rolebindings and
/// clusterrolebindings (pkg/registry/rbac) do it for create, update, patch and apply:
/// <list type="bullet">
/// <item><c>system:masters</c> is never checked (EscalationAllowed).</item>
/// <item>A Role or ClusterRole may be written by someone allowed <c>escalate</c> on it (the request's namespace and
/// name), or whose own rules in its scope (the Role's namespace; cluster-wide for a ClusterRole) cover every rule it
/// grants; an <c>aggregationRule</c> (new or old) needs <c>*</c> on everything, resources and URLs.</item>
/// <item>A RoleBinding or ClusterRoleBinding may be written by someone allowed <c>bind</c> on the role it refers to
/// (in the binding's namespace; cluster-wide for a ClusterRoleBinding; the role's name is the resource name), or whose
/// rules in that scope cover the role's; a missing role is a 404.</item>
/// <item>An update that changes nothing but ownerReferences and finalizers (what the garbage collector writes) passes.</item>
/// </list>
/// A refusal is a 403 <c>roles.rbac.authorization.k8s.io "x" is forbidden: user "u" (groups=[...]) is attempting to
/// grant RBAC permissions not currently held:</c> with the missing rules, one per line.
/// </summary>
public sealed class RbacEscalationCheck : IWriteCheck
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    private static readonly IReadOnlyList<PolicyRule> s_fullAuthority =
    [
        new(["*"], ["*"], ["*"], [], []),
        new(["*"], [], [], [], ["*"]),
    ];

    private readonly RbacAuthorizer _authorizer;
    private readonly UserInfo _user;
    private readonly string _resource;

    private RbacEscalationCheck(RbacAuthorizer authorizer, UserInfo user, string resource)
    {
        _authorizer = authorizer;
        _user = user;
        _resource = resource;
    }

    /// <summary>
    /// The check a request needs: one for a create, update or patch of an RBAC role or binding by anyone but
    /// <c>system:masters</c>, unless it writes a role and is allowed to <c>escalate</c>; otherwise null.
    /// </summary>
    public static IWriteCheck? For(RequestInfo info, UserInfo user, RbacAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(authorizer);
        if (!info.IsResourceRequest || info.ApiGroup != RbacGroup || info.Subresource.Length > 0
            || info.Verb is not ("create" or "update" or "patch")
            || info.Resource is not ("roles" or "clusterroles" or "rolebindings" or "clusterrolebindings"))
        {
            return null;
        }

        if (user.IsInGroup(KnownGroups.Masters))
        {
            return null;
        }

        if (info.Resource is "roles" or "clusterroles"
            && authorizer.Authorize(RequestAttributes.ForResource(user, "escalate", info.ApiGroup, info.Resource, info.Namespace, info.Name)).Allowed)
        {
            return null;
        }

        return new RbacEscalationCheck(authorizer, user, info.Resource);
    }

    public void Check(string @namespace, JsonObject obj, JsonObject? old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (old is not null && IsOnlyMutatingGcFields(obj, old))
        {
            return;
        }

        var name = (string?)obj["metadata"]?["name"] ?? "";
        switch (_resource)
        {
            case "roles":
                Confirm(@namespace, name, Rules(obj));
                break;
            case "clusterroles":
                Confirm("", name, Rules(obj));
                if ((HasAggregationRule(obj) || (old is not null && HasAggregationRule(old)))
                    && _authorizer.ConfirmNoEscalation(_user, "", s_fullAuthority) is not null)
                {
                    throw Forbidden(name, "must have cluster-admin privileges to use the aggregationRule");
                }

                break;
            default:
                CheckBinding(_resource == "rolebindings" ? @namespace : "", name, obj["roleRef"] as JsonObject);
                break;
        }
    }

    private void CheckBinding(string @namespace, string name, JsonObject? roleRef)
    {
        var kind = Text(roleRef, "kind");
        var roleName = Text(roleRef, "name");
        if (kind is "Role" or "ClusterRole"
            && _authorizer.Authorize(RequestAttributes.ForResource(
                _user, "bind", Text(roleRef, "apiGroup"), kind == "Role" ? "roles" : "clusterroles", @namespace, roleName)).Allowed)
        {
            return;
        }

        var role = _authorizer.RoleReferenceRules(kind, roleName, @namespace);
        switch (role.Failure)
        {
            case RoleLookupFailure.NotFound:
                throw ApiException.NotFound(RbacGroup, role.Resource, role.Name);
            case RoleLookupFailure.UnsupportedKind:
                // A plain error in Kubernetes' storage, which the API server answers with a 500.
                throw new ApiException(500, "InternalError", "Internal error occurred: " + role.RegistryError);
            default:
                Confirm(@namespace, name, role.Rules);
                break;
        }
    }

    private void Confirm(string @namespace, string name, IReadOnlyList<PolicyRule> rules)
    {
        if (_authorizer.ConfirmNoEscalation(_user, @namespace, rules) is { } error)
        {
            throw Forbidden(name, error);
        }
    }

    /// <summary>apierrors.NewForbidden for the written resource.</summary>
    private ApiException Forbidden(string name, string error)
    {
        var qualified = _resource + "." + RbacGroup;
        var message = name.Length > 0 ? $"{qualified} \"{name}\" is forbidden: {error}" : $"{qualified} is forbidden: {error}";
        return ApiException.Forbidden(message, RbacGroup, _resource, name);
    }

    private static IReadOnlyList<PolicyRule> Rules(JsonObject role) => role["rules"] is JsonArray rules
        ? [.. rules.OfType<JsonObject>().Select(PolicyRule.FromJson)]
        : [];

    private static bool HasAggregationRule(JsonObject role) => role["aggregationRule"]?["clusterRoleSelectors"] is JsonArray { Count: > 0 };

    /// <summary>
    /// Kubernetes' IsOnlyMutatingGCFields: the update equals the current object once its ownerReferences, finalizers
    /// and selfLink are taken from the current one (compared as Kubernetes' semantic equality does: type metadata,
    /// nulls and empty lists or maps count as absent).
    /// </summary>
    private static bool IsOnlyMutatingGcFields(JsonObject obj, JsonObject old)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is not JsonObject metadata)
        {
            copy["metadata"] = metadata = [];
        }

        foreach (var field in (string[])["ownerReferences", "finalizers", "selfLink"])
        {
            if (old["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }

        return JsonNode.DeepEquals(Semantic(copy), Semantic(old));
    }

    private static JsonNode? Semantic(JsonNode? node, bool top = true)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (top && key is "apiVersion" or "kind")
                    {
                        continue;
                    }

                    if (Semantic(value, false) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count > 0 || top ? result : null;
            case JsonArray array:
                return array.Count > 0 ? new JsonArray([.. array.Select(item => Semantic(item, false) ?? JsonValue.Create((string?)null))]) : null;
            case null:
                return null;
            default:
                return node.GetValueKind() == JsonValueKind.Null ? null : node.DeepClone();
        }
    }

    private static string Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
}
