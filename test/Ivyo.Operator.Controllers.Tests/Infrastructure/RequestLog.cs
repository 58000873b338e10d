using System.Collections.Concurrent;
using System.Net;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>Every request a client sent, with its answer: how tests count the operator's writes and see denials.</summary>
public sealed class RequestLog : DelegatingHandler
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();
    private volatile Func<IReadOnlyList<LoggedRequest>, bool>? _cutOffAfter;
    private volatile bool _cutOff;

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

    /// <summary>
    /// Once <paramref name="condition"/> holds for the requests sent so far, every later write fails before it reaches
    /// the API server, as if the operator had died right there: a test stops it at an exact point of its work rather
    /// than racing it.
    /// </summary>
    public void CutOffWritesAfter(Func<IReadOnlyList<LoggedRequest>, bool> condition) => _cutOffAfter = condition;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_cutOff && request.Method != HttpMethod.Get)
        {
            throw new HttpRequestException("The test cut this operator off from the API server.");
        }

        var response = await base.SendAsync(request, cancellationToken);
        _requests.Enqueue(new LoggedRequest(request.Method, request.RequestUri?.PathAndQuery ?? "", response.StatusCode));
        if (_cutOffAfter is { } condition && condition(Requests))
        {
            _cutOff = true;
        }

        return response;
    }
}

public sealed record LoggedRequest(HttpMethod Method, string Path, HttpStatusCode Status)
{
    public override string ToString() => $"{Method} {Path} -> {(int)Status}";
}
