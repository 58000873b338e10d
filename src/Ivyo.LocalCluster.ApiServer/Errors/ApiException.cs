using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Errors;

/// <summary>
/// A request that fails with a Kubernetes <c>Status</c>: its HTTP code, reason and message follow
/// k8s.io/apimachinery/pkg/api/errors, so that clients (kubectl, client-go, KubernetesClient, Patroni) recognise them.
/// </summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>The <c>Status</c> object sent as the response body.</summary>
    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = Details?.DeepClone(),
        ["code"] = Code,
    };

    private static JsonObject Describe(string? group, string resource, string? name)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }

        details["kind"] = resource;
        return details;
    }

    /// <summary><c>configmaps "x" not found</c> (the qualified resource, e.g. <c>statefulsets.apps</c>, outside core).</summary>
    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Describe(group, resource, name));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", Describe(group, resource, name));

    public static ApiException Conflict(string group, string resource, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Describe(group, resource, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>A 422 with one cause per field error, as validation failures are reported.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<(string Field, string Message)> causes)
    {
        var details = Describe(group, kind, name);
        // A cause's message omits the field, which kubectl prints in front of it.
        details["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = c.Message.StartsWith(c.Field + ": ", StringComparison.Ordinal) ? c.Message[(c.Field.Length + 2)..] : c.Message,
            ["field"] = c.Field,
        })]);
        var list = causes.Count == 1 ? causes[0].Message : "[" + string.Join(", ", causes.Select(c => c.Message)) + "]";
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {list}", details);
    }

    public static ApiException Forbidden(string message, string group, string resource, string name) =>
        new(403, "Forbidden", message, Describe(group, resource, name));

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException MethodNotSupported(string resource, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{resource}\"");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    /// <summary>A failure of the server itself (500, reason InternalError), as kube-apiserver's NewInternalError.</summary>
    public static ApiException InternalError(string message) => new(500, "InternalError", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}");

    public static ApiException RequestEntityTooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException NotFoundPath(string path) => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    private static string Qualified(string group, string resource) => string.IsNullOrEmpty(group) ? resource : $"{resource}.{group}";
}
