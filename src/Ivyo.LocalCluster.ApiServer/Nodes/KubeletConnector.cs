using System.Globalization;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Security;

namespace Ivyo.LocalCluster.ApiServer.Nodes;

/// <summary>
/// Reaches a node's kubelet as kube-apiserver does: the address and port its Node object advertises
/// (<c>status.addresses</c>, <c>status.daemonEndpoints.kubeletEndpoint.Port</c>), over TLS verified against the
/// cluster CA, with the API server's kubelet client certificate.
/// </summary>
public sealed class KubeletConnector(ResourceTable table, ObjectService objects, ClusterCredentials credentials) : IDisposable
{
    /// <summary>Kubernetes' default kubelet port, for a Node that advertises none.</summary>
    public const int DefaultPort = 10250;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        SslOptions = ClientOptions(credentials),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The kubelet's base URL for <paramref name="nodeName"/>.</summary>
    public async Task<Uri> LocateAsync(string nodeName, CancellationToken cancellationToken)
    {
        var nodes = table.Find("", "v1", "nodes") ?? throw new InvalidOperationException("nodes are not served");
        JsonObject node;
        try
        {
            node = await objects.GetAsync(nodes, "", nodeName, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            throw new ApiException(404, "NotFound", $"nodes \"{nodeName}\" not found", new JsonObject { ["name"] = nodeName, ["kind"] = "nodes" });
        }

        var addresses = node["status"]?["addresses"] as JsonArray ?? [];
        var address = Address(addresses, "InternalIP") ?? Address(addresses, "Hostname") ?? Address(addresses, "ExternalIP")
            ?? throw new ApiException(500, "InternalError", $"Internal error occurred: no preferred addresses found; known addresses: []");
        var port = (long?)node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"] is { } advertised and > 0 ? advertised : DefaultPort;
        var host = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
        return new Uri($"https://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken) =>
        _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>A WebSocket to the kubelet, offering the client's stream protocols.</summary>
    public async Task<ClientWebSocket> ConnectAsync(Uri url, IEnumerable<string> protocols, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.ClientCertificates = [credentials.KubeletClientCertificate];
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedByCluster(certificate, credentials);
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        var ws = new UriBuilder(url) { Scheme = "wss" }.Uri;
        try
        {
            await socket.ConnectAsync(ws, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string? Address(JsonArray addresses, string type) =>
        addresses.Where(a => (string?)a?["type"] == type).Select(a => (string?)a?["address"]).FirstOrDefault(a => !string.IsNullOrEmpty(a));

    private static SslClientAuthenticationOptions ClientOptions(ClusterCredentials credentials) => new()
    {
        ClientCertificates = [credentials.KubeletClientCertificate],
        RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedByCluster(certificate, credentials),
    };

    private static bool IssuedByCluster(X509Certificate? certificate, ClusterCredentials credentials)
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return Certificates.CertificateChains.ChainsTo(leaf, credentials.Authority.Certificate);
    }

    public void Dispose() => _http.Dispose();
}
