using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Ivyo.ControllerRuntime.Resources;

/// <summary>
/// List and watch requests for any resource as untyped JSON, sent through a <see cref="Kubernetes"/> client's own
/// <see cref="HttpClient"/> (its TLS and client-certificate handlers) and credentials (bearer tokens), as its generated
/// operations send them. KubernetesClient's <c>CustomObjects</c> list does map the empty group to <c>/api/v1</c>, but its
/// watch only returns once the first event arrived (it peeks a line) and its watch enumerators are obsolete, so a
/// no-event watchdog could not cover the connect; these requests keep the raw stream instead.
/// </summary>
internal sealed class ResourceHttpClient(Kubernetes client)
{
    /// <summary>One page of a list: <c>GET collection?limit=&amp;continue=</c>.</summary>
    public async Task<JsonObject> ListAsync(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("labelSelector", labelSelector),
            new("fieldSelector", fieldSelector),
            new("limit", limit?.ToString(CultureInfo.InvariantCulture)),
            new("continue", continueToken),
        };
        using var response = await SendAsync(type.CollectionPath(ns), query, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw new ApiStatusException("The list response is not a JSON object.");
    }

    /// <summary>
    /// Opens a watch from <paramref name="resourceVersion"/> with bookmarks; the caller reads newline-delimited events
    /// from the response and disposes it.
    /// </summary>
    public Task<HttpResponseMessage> WatchAsync(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("watch", "true"),
            new("allowWatchBookmarks", "true"),
            new("resourceVersion", resourceVersion),
            new("timeoutSeconds", ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("labelSelector", labelSelector),
            new("fieldSelector", fieldSelector),
        };
        return SendAsync(type.CollectionPath(ns), query, cancellationToken);
    }

    private Task<HttpResponseMessage> SendAsync(string path, List<KeyValuePair<string, string?>> query, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, query, null, cancellationToken);

    /// <summary>
    /// Sends a request with an optional body and returns the successful response (the caller disposes it); a failure
    /// is thrown as <see cref="ApiStatusException"/> with the Status's code, reason and message.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, IEnumerable<KeyValuePair<string, string?>> query, HttpContent? content, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (!string.IsNullOrEmpty(value))
            {
                url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, url.ToString())) { Version = HttpVersion.Version20, Content = content };
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw StatusError((int)response.StatusCode, body);
        }
    }

    /// <summary>The exception for a Status body (or any body) that came with <paramref name="code"/>.</summary>
    public static ApiStatusException StatusError(int code, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && (string?)status["kind"] == "Status")
            {
                return StatusError(code, status);
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return new ApiStatusException(code, "", body);
    }

    /// <summary>The exception for a Status object, such as a watch's ERROR event.</summary>
    public static ApiStatusException StatusError(int code, JsonObject status)
    {
        var statusCode = status["code"] is JsonValue value && value.TryGetValue<int>(out var c) ? c : code;
        return new ApiStatusException(statusCode, (string?)status["reason"] ?? "", (string?)status["message"] ?? "");
    }
}
