namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// What a request asks to do, as Kubernetes' authorizer.Attributes: for resource requests the verb
/// (get, list, watch, create, update, patch, delete, deletecollection, or impersonate/bind/escalate...),
/// API group ("" for the core group), resource, subresource, namespace ("" for cluster scope or all
/// namespaces) and name ("" for collections); for non-resource requests the verb (get, post, ...)
/// and path.
/// </summary>
public sealed record RequestAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string ApiGroup,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path)
{
    public static RequestAttributes ForResource(
        UserInfo user, string verb, string apiGroup, string resource, string @namespace = "", string name = "", string subresource = "") =>
        new(user, verb, true, apiGroup, resource, subresource, @namespace, name, "");

    public static RequestAttributes ForPath(UserInfo user, string verb, string path) =>
        new(user, verb, false, "", "", "", "", "", path);
}
