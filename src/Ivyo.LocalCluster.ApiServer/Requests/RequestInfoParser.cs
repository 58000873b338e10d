namespace Ivyo.LocalCluster.ApiServer.Requests;

/// <summary>Parses request paths the way Kubernetes' <c>RequestInfoFactory</c> does.</summary>
public static class RequestInfoParser
{
    public static RequestInfo Parse(string method, string path, bool watchParameter)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var httpVerb = method.ToLowerInvariant();
        if (parts.Length < 2 || (parts[0] != "api" && parts[0] != "apis") || (parts[0] == "apis" && parts.Length < 3))
        {
            return new RequestInfo { IsResourceRequest = false, Path = path, Verb = httpVerb };
        }

        var index = 1;
        var group = "";
        if (parts[0] == "apis")
        {
            group = parts[index++];
        }

        var version = parts[index++];
        var rest = parts[index..];

        // Legacy watch paths: /api/v1/watch/namespaces/{ns}/pods
        var isWatchPath = rest.Length > 0 && rest[0] == "watch";
        if (isWatchPath)
        {
            rest = rest[1..];
        }

        var ns = "";
        if (rest.Length > 2 && rest[0] == "namespaces" && rest[2] is not ("status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        else if (rest.Length == 2 && rest[0] == "namespaces")
        {
            // /api/v1/namespaces/{name}: the namespace object itself.
            ns = "";
        }

        if (rest.Length == 0)
        {
            return new RequestInfo { IsResourceRequest = false, Path = path, Verb = httpVerb, ApiGroup = group, ApiVersion = version };
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? string.Join('/', rest[2..]) : "";
        if (resource == "namespaces" && rest.Length >= 2)
        {
            ns = name;
        }

        var verb = httpVerb switch
        {
            "get" or "head" when isWatchPath || watchParameter => "watch",
            "get" or "head" => name.Length == 0 ? "list" : "get",
            "post" => "create",
            "put" => "update",
            "patch" => "patch",
            "delete" => name.Length == 0 ? "deletecollection" : "delete",
            _ => httpVerb,
        };

        return new RequestInfo
        {
            IsResourceRequest = true,
            Path = path,
            Verb = verb,
            ApiGroup = group,
            ApiVersion = version,
            Namespace = ns,
            Resource = resource,
            Name = name,
            Subresource = subresource,
        };
    }
}
