using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Ivyo.Bench;

/// <summary>
/// Every request a client sends, in the order their responses (or failures) arrive: the tests' request-log approach,
/// with the time of the last request that was not leader election's, so that a benchmark can wait for the operator to
/// go quiet.
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private readonly ConcurrentQueue<CountedRequest> _requests = new();
    private long _lastActivity = Stopwatch.GetTimestamp();

    /// <summary>How many requests have completed; a mark for <see cref="Since"/>.</summary>
    public int Count => _requests.Count;

    /// <summary>The <see cref="Stopwatch"/> timestamp of the last request, other than leader election's, sent or answered.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>The requests completed after <paramref name="mark"/> (a former <see cref="Count"/>).</summary>
    public IReadOnlyList<CountedRequest> Since(int mark) => [.. _requests.Skip(mark)];

    /// <summary>Forgets every request counted so far (marks taken before become meaningless).</summary>
    public void Clear() => _requests.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.PathAndQuery ?? "";
        var lease = CountedRequest.IsLeasePath(path);
        Touch(lease);
        HttpStatusCode? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = response.StatusCode;
            return response;
        }
        finally
        {
            _requests.Enqueue(new CountedRequest(request.Method, path, status));
            Touch(lease);
        }
    }

    private void Touch(bool lease)
    {
        if (!lease)
        {
            Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
        }
    }
}

/// <summary>One request: its method, path and query, and its status (none when it failed without a response).</summary>
public sealed record CountedRequest(HttpMethod Method, string Path, HttpStatusCode? Status)
{
    /// <summary>Leader election's Lease reads and renewals.</summary>
    public bool IsLease => IsLeasePath(Path);

    /// <summary>A watch being opened.</summary>
    public bool IsWatch => Path.Contains("watch=true", StringComparison.Ordinal) || Path.Contains("watch=1", StringComparison.Ordinal);

    /// <summary>Anything but a read.</summary>
    public bool IsWrite => Method != HttpMethod.Get && Method != HttpMethod.Head;

    public static bool IsLeasePath(string path) => path.Contains("/leases/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path} -> {(Status is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "failed")}";
}
