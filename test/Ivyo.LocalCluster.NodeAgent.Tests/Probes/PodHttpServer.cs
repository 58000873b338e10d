using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ivyo.LocalCluster.NodeAgent.Probes;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>What <see cref="PodHttpServer"/> answers to a request path.</summary>
internal sealed record HttpReply(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A request <see cref="PodHttpServer"/> received: its target, headers (names in lower case), and the status it got.</summary>
internal sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, int Status);

/// <summary>
/// A tiny HTTP/1.1 responder listening on 127.0.0.1 inside a pod's network namespace (Debian's base system has no HTTP
/// server to run in a container): its socket is created in the namespace, so only a probe that connects from inside
/// reaches it. With a certificate it speaks HTTPS.
/// </summary>
internal sealed class PodHttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentQueue<Task> _connections = new();

    private PodHttpServer(Socket listener, X509Certificate2? certificate)
    {
        _listener = listener;
        _certificate = certificate;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>The answer to a request target; settable at any time.</summary>
    public Func<string, HttpReply> Reply { get; set; } = _ => new HttpReply(200, "ok");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<PodHttpServer> StartAsync(PodNetwork network, X509Certificate2? certificate = null)
    {
        var listener = await Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(network.NamespacePath, AddressFamily.InterNetwork);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return new PodHttpServer(listener, certificate);
    }

    /// <summary>A self-signed certificate for 127.0.0.1, which no client trusts.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pod.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                _connections.Enqueue(Task.Run(() => ServeAsync(connection)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        try
        {
            await using Stream network = new NetworkStream(connection, ownsSocket: true);
            var stream = network;
            if (_certificate is not null)
            {
                var tls = new SslStream(network);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = tls;
            }

            await using (stream)
            {
                var head = await ReadHeadAsync(stream);
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                if (requestLine.Length < 3)
                {
                    return; // a tcpSocket probe connects and closes without a request
                }

                var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                    .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                var reply = Reply(requestLine[1]);
                Requests.Enqueue(new ReceivedRequest(requestLine[0], requestLine[1], headers, reply.Status));
                var body = Encoding.UTF8.GetBytes(reply.Body);
                var response = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} Status\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
                foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
                {
                    response.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString()).Concat(body).ToArray(), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException)
        {
        }
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var buffer = new byte[1];
        while (head.Count < 16384 && await stream.ReadAsync(buffer) == 1)
        {
            head.Add(buffer[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. head]).TrimEnd('\r', '\n');
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
        _certificate?.Dispose();
    }
}
