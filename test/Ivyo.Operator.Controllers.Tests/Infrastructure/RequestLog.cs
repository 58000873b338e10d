using System.Collections.Concurrent;
using System.Net;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>Every request a client sent, with its answer: how tests count the operator's writes and see denials.</summary>
public sealed class RequestLog : DelegatingHandler
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();

    public IReadOnlyList<LoggedRequest> Requests => [.. _requests];

    /// <summary>Requests that change something (anything but GET, including watches).</summary>
    public IReadOnlyList<LoggedRequest> Writes => [.. _requests.Where(r => r.Method != HttpMethod.Get)];

    /// <summary>Requests the API server refused with 403.</summary>
    public IReadOnlyList<LoggedRequest> Denied => [.. _requests.Where(r => r.Status == HttpStatusCode.Forbidden)];

    /// <summary>
    /// Adds a request the client sent outside its HTTP pipeline: KubernetesClient opens exec WebSockets with its own
    /// socket, so tests learn of those from what the operator reports.
    /// </summary>
    public void Record(LoggedRequest request) => _requests.Enqueue(request);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _requests.Enqueue(new LoggedRequest(request.Method, request.RequestUri?.PathAndQuery ?? "", response.StatusCode));
        return response;
    }
}

public sealed record LoggedRequest(HttpMethod Method, string Path, HttpStatusCode Status)
{
    public override string ToString() => $"{Method} {Path} -> {(int)Status}";
}
