using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Security;

namespace Ivyo.LocalCluster.ApiServer.Tests.Patroni;

/// <summary>
/// The requests Patroni 3.0.2's own Kubernetes client (patroni/dcs/kubernetes.py, <c>K8sClient.ApiClient</c>) makes
/// with urllib3 1.26 over HTTP/1.1: paths under <c>/api/v1/namespaces/</c>, query fields urlencoded for GET and DELETE,
/// bodies from <c>json.dumps</c> (Python's <c>", "</c>/<c>": "</c> separators) with no Content-Type except on PATCH
/// (<c>application/strategic-merge-patch+json</c>), no Accept header, and the kubeconfig's client certificate.
/// </summary>
public sealed class PatroniHttp : IDisposable
{
    /// <summary>urllib3.make_headers(user_agent=USER_AGENT), USER_AGENT from patroni/utils.py.</summary>
    public const string UserAgent = "Patroni/3.0.2 Python/3.11.2 Linux";

    public const string StrategicMergePatch = "application/strategic-merge-patch+json";

    private readonly HttpClient _http;
    private readonly X509Certificate2 _clientCertificate;

    public PatroniHttp(Hosting.ApiServer server)
    {
        _clientCertificate = ClusterCredentials.Load(server.Credentials.AdminCertificate);
        var authority = server.Credentials.Authority.Certificate;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [_clientCertificate],
                // pool_config['ca_certs'] and cert_reqs=CERT_REQUIRED: the serving certificate must chain to the cluster CA.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = server.Url,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        // http.client's putrequest adds it when the caller sets none, as urllib3 does not.
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "identity");
    }

    /// <summary>The urlencoded label selector, as <c>urlencode({'labelSelector': 'application=patroni,cluster-name=...'})</c> writes it.</summary>
    public static string LabelSelector(string scope) => "labelSelector=application%3Dpatroni%2Ccluster-name%3D" + scope;

    /// <summary>A request without a body (GET, DELETE), as <c>request_encode_url</c> sends it.</summary>
    public async Task<PatroniResponse> SendAsync(HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        return await ReadAsync(await _http.SendAsync(request));
    }

    /// <summary>
    /// A request with a <c>json.dumps</c> body. Patroni sets a Content-Type only for PATCH; a create (POST) goes
    /// without one, and http.client adds only Content-Length.
    /// </summary>
    public async Task<PatroniResponse> SendAsync(HttpMethod method, string path, string body, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        Assert.Equal(contentType, request.Content.Headers.ContentType?.ToString());
        return await ReadAsync(await _http.SendAsync(request));
    }

    /// <summary>
    /// A watch, as <c>ObjectCache._watch</c> opens it: <c>_preload_content=False</c>, the stream read with
    /// <c>read_chunked</c> (so the response must be chunked) and split into JSON objects.
    /// </summary>
    public async Task<PatroniWatch> WatchAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new PatroniWatch(response, await response.Content.ReadAsStreamAsync());
    }

    private static async Task<PatroniResponse> ReadAsync(HttpResponseMessage message)
    {
        using (message)
        {
            var text = await message.Content.ReadAsStringAsync();
            return new PatroniResponse((int)message.StatusCode, message.Content.Headers.ContentType?.MediaType, JsonNode.Parse(text)!.AsObject());
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _clientCertificate.Dispose();
    }
}

/// <summary>What Patroni reads of a response: the status (200..205 is success) and the JSON body.</summary>
public sealed record PatroniResponse(int Status, string? ContentType, JsonObject Body)
{
    public JsonObject Metadata => Body["metadata"]!.AsObject();

    public string ResourceVersion => (string)Metadata["resourceVersion"]!;

    public JsonObject Annotations => Metadata["annotations"]?.AsObject() ?? [];
}

/// <summary>An open watch stream: newline-delimited JSON events.</summary>
public sealed class PatroniWatch(HttpResponseMessage response, Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public HttpResponseMessage Response => response;

    /// <summary>The next event, as <c>iter_response_objects</c> decodes it.</summary>
    public async Task<JsonObject> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("the watch stream ended");
        return JsonNode.Parse(line)!.AsObject();
    }

    public void Dispose()
    {
        _reader.Dispose();
        response.Dispose();
    }
}
