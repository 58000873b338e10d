namespace Ivyo.LocalCluster.ApiServer.Requests;

/// <summary>
/// What a request is about, parsed from its path and query as Kubernetes' RequestInfoFactory does:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> and <c>/apis/{group}/{version}/...</c>.
/// </summary>
public sealed record RequestInfo
{
    public required bool IsResourceRequest { get; init; }

    public required string Path { get; init; }

    /// <summary>Kubernetes' verb: get, list, watch, create, update, patch, delete, deletecollection; or the HTTP verb
    /// in lower case for non-resource requests.</summary>
    public required string Verb { get; init; }

    public string ApiGroup { get; init; } = "";

    public string ApiVersion { get; init; } = "";

    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    public string Name { get; init; } = "";

    public string GroupVersion => ApiGroup.Length == 0 ? ApiVersion : ApiGroup + "/" + ApiVersion;
}
