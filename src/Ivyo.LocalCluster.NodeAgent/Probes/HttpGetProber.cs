using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The httpGet probe (pkg/probe/http and the kubelet's request building): a GET to
/// <c>scheme://host:port/path</c> (host defaulting to the pod's address, port a number or a named container port) with
/// the probe's headers, <c>User-Agent: kube-probe/1.32</c> and <c>Accept: */*</c> unless the probe sets them, no
/// keep-alive, no compression, no proxy, and HTTPS without certificate verification. A status of 200–399 is success;
/// redirects are followed (at most 10 requests) while they stay on the same host name, and a redirect elsewhere ends
/// the probe as a success with a warning (<c>Probe terminated redirects, Response body: ...</c>). Any other status fails
/// with <c>HTTP probe failed with statuscode: 503</c> (never the body), and a connection error or timeout fails with
/// Go's <c>Get "http://127.0.0.1:8080/healthz": dial tcp ...</c> wording. The whole probe, redirects included, has
/// <c>timeoutSeconds</c>.
/// </summary>
internal sealed class HttpGetProber(ProbeDialer dialer, TimeProvider time)
{
    /// <summary>The kubelet's User-Agent, <c>kube-probe/{major}.{minor}</c> of the Kubernetes version it implements.</summary>
    public const string UserAgent = "kube-probe/1.32";

    private const int MaxBody = 10 * 1024;
    private const int MaxRequests = 10;

    public async Task<ProbeOutcome> ProbeAsync(V1HTTPGetAction action, V1Container container, string podAddress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (port, error) = ContainerPorts.Resolve(action.Port, container);
        if (error is not null)
        {
            return ProbeOutcome.Error(error);
        }

        var scheme = string.IsNullOrEmpty(action.Scheme) ? "http" : action.Scheme.ToLowerInvariant();
        var host = string.IsNullOrEmpty(action.Host) ? podAddress : action.Host;
        if (FormatUrl(scheme, host, port, action.Path ?? "") is not { } url)
        {
            return ProbeOutcome.Error($"parse \"{scheme}://{host}:{port}{action.Path}\": invalid URL");
        }

        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, token) =>
                new NetworkStream(await dialer.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token), ownsSocket: true),
        };
        // The kubelet probes HTTPS endpoints with InsecureSkipVerify: pods serve self-signed certificates.
        handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        var current = url;
        for (var requests = 1; ; requests++)
        {
            using var request = Request(current, action.HttpHeaders, keepHost: current.Authority == url.Authority);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return ProbeOutcome.Failure($"Get {GoStrings.Quote(current.OriginalString)}: {Describe(e, deadline.IsCancellationRequested)}");
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (IsFollowed(status) && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    // The kubelet's redirect checker: the same host name (any port or scheme) is followed, another one
                    // ends the probe with this response.
                    if (string.Equals(next.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                    {
                        if (requests >= MaxRequests)
                        {
                            return ProbeOutcome.Failure($"Get {GoStrings.Quote(location.OriginalString)}: stopped after 10 redirects");
                        }

                        current = next;
                        continue;
                    }
                }

                string body;
                try
                {
                    body = await ReadBodyAsync(response, linked.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return deadline.IsCancellationRequested
                        ? ProbeOutcome.Failure($"Get {GoStrings.Quote(current.OriginalString)}: context deadline exceeded (Client.Timeout or context cancellation while reading body)")
                        : ProbeOutcome.Error($"reading the response body: {e.Message}");
                }

                return status switch
                {
                    >= 200 and < 300 => ProbeOutcome.Success(body),
                    >= 300 and < 400 => ProbeOutcome.Warning($"Probe terminated redirects, Response body: {body}"),
                    _ => ProbeOutcome.Failure($"HTTP probe failed with statuscode: {status}"),
                };
            }
        }
    }

    /// <summary>
    /// The probe's URL as the kubelet's <c>formatURL</c> builds it: the path (which may carry a query) after
    /// <c>host:port</c>, IPv6 hosts in brackets.
    /// </summary>
    internal static Uri? FormatUrl(string scheme, string host, int port, string path)
    {
        var authority = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
        var separator = path.Length == 0 || path.StartsWith('/') ? "" : "/";
        return Uri.TryCreate($"{scheme}://{authority}{separator}{path}", UriKind.Absolute, out var url) ? url : null;
    }

    /// <summary>Go's client follows 301, 302, 303, 307 and 308 when they have a Location; other 3xx are answers.</summary>
    private static bool IsFollowed(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static HttpRequestMessage Request(Uri url, IList<V1HTTPHeader>? headers, bool keepHost)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.ConnectionClose = true;
        var given = (headers ?? []).Where(h => !string.IsNullOrEmpty(h.Name)).ToList();
        bool Has(string name) => given.Exists(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        foreach (var header in given)
        {
            var value = header.Value ?? "";
            if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                // A Host header is the request's host, and survives redirects only on the same authority, as in Go.
                if (keepHost && value.Length > 0)
                {
                    request.Headers.Host = value;
                }
            }
            else if (value.Length > 0 || !(string.Equals(header.Name, "Accept", StringComparison.OrdinalIgnoreCase)
                || string.Equals(header.Name, "User-Agent", StringComparison.OrdinalIgnoreCase)))
            {
                // An empty Accept or User-Agent removes the default; unknown and content headers go as given, or not at all.
                request.Headers.TryAddWithoutValidation(header.Name, value);
            }
        }

        if (!Has("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (!Has("Accept"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        }

        return request;
    }

    /// <summary>At most the first 10 KiB of the body, as the kubelet reads it.</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBody];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The error as Go's http.Client words it after <c>Get "url": </c>.</summary>
    private static string Describe(Exception e, bool timedOut)
    {
        const string Timeout = " (Client.Timeout exceeded while awaiting headers)";
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ProbeDialException dial)
            {
                return timedOut ? dial.Message + Timeout : dial.Message;
            }
        }

        if (timedOut)
        {
            return "context deadline exceeded" + Timeout;
        }

        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }
}
