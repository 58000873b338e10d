using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Ivyo.ControllerRuntime.Resources;

/// <summary>
/// Writes to any resource as untyped JSON, as client-go's dynamic client does: server-side apply, JSON merge patches
/// (of the object or a subresource), get and delete with preconditions. Requests go through the
/// <see cref="Kubernetes"/> client's own HTTP pipeline and credentials, so its handlers (and any request counting a test
/// adds) see them. Failures are <see cref="ApiStatusException"/>s.
/// </summary>
public sealed class ResourceClient(Kubernetes client)
{
    private const string ApplyPatchContentType = "application/apply-patch+yaml";
    private const string MergePatchContentType = "application/merge-patch+json";

    private readonly ResourceHttpClient _http = new(client);

    /// <summary>
    /// Server-side apply of <paramref name="configuration"/> (which names its object) as <paramref name="fieldManager"/>;
    /// <paramref name="force"/> takes fields other managers own. Returns the object as written.
    /// </summary>
    public Task<JsonObject> ApplyAsync(
        ResourceType type, JsonObject configuration, string fieldManager, bool force, CancellationToken cancellationToken, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(configuration);
        var ns = (string?)configuration["metadata"]?["namespace"];
        var name = (string?)configuration["metadata"]?["name"] ?? throw new ArgumentException("The configuration has no metadata.name.", nameof(configuration));
        // JSON is YAML: the apply content type takes either.
        var content = new StringContent(configuration.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(ApplyPatchContentType);
        return SendForObjectAsync(HttpMethod.Patch, ObjectPath(type, ns, name, subresource),
            [new("fieldManager", fieldManager), new("force", force ? "true" : null)], content, cancellationToken);
    }

    /// <summary>A JSON merge patch (RFC 7386) of the object, or of its <paramref name="subresource"/> such as <c>status</c>.</summary>
    public Task<JsonObject> MergePatchAsync(
        ResourceType type, string? ns, string name, JsonObject patch, CancellationToken cancellationToken, string? subresource = null, string? fieldManager = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(MergePatchContentType);
        return SendForObjectAsync(HttpMethod.Patch, ObjectPath(type, ns, name, subresource), [new("fieldManager", fieldManager)], content, cancellationToken);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await SendForObjectAsync(HttpMethod.Get, ObjectPath(type, ns, name, null), [], null, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiStatusException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the object if it still has <paramref name="uid"/> (when given), with <paramref name="propagationPolicy"/>
    /// (<c>Background</c>, <c>Foreground</c>, <c>Orphan</c>, or the resource's default). Returns false when it was already
    /// gone, or is now another object of the same name.
    /// </summary>
    public async Task<bool> DeleteAsync(
        ResourceType type, string? ns, string name, CancellationToken cancellationToken, string? uid = null, string? propagationPolicy = null)
    {
        var options = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (uid is not null)
        {
            options["preconditions"] = new JsonObject { ["uid"] = uid };
        }

        if (propagationPolicy is not null)
        {
            options["propagationPolicy"] = propagationPolicy;
        }

        try
        {
            using var response = await _http.SendAsync(HttpMethod.Delete, ObjectPath(type, ns, name, null), [],
                new StringContent(options.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiStatusException e) when (e.Code == 404 || (e.Code == 409 && uid is not null))
        {
            return false;
        }
    }

    /// <summary>Creates the object; a 409 AlreadyExists is thrown like any failure.</summary>
    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = (string?)obj["metadata"]?["namespace"];
        return SendForObjectAsync(HttpMethod.Post, type.CollectionPath(ns), [],
            new StringContent(obj.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
    }

    private async Task<JsonObject> SendForObjectAsync(
        HttpMethod method, string path, List<KeyValuePair<string, string?>> query, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(method, path, query, content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw new ApiStatusException("The response is not a JSON object.");
    }

    private static string ObjectPath(ResourceType type, string? ns, string name, string? subresource)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = type.CollectionPath(ns) + "/" + Uri.EscapeDataString(name);
        return subresource is null ? path : path + "/" + subresource;
    }
}
