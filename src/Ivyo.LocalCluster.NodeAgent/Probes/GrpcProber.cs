using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The grpc probe (pkg/probe/grpc): <c>grpc.health.v1.Health/Check</c> with the probe's service name, over plaintext
/// HTTP/2 to the pod's address, within <c>timeoutSeconds</c>; success when the answer is SERVING. Failures read as the
/// kubelet's: <c>service unhealthy (responded with "NOT_SERVING")</c>,
/// <c>error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ...</c>,
/// <c>timeout: failed to connect service "127.0.0.1:9090" within 1s: ...</c>.
/// </summary>
/// <remarks>
/// gRPC is spoken directly (a length-prefixed protobuf message each way, the status in the trailers): the one message
/// with one optional string field does not warrant a gRPC library in the node agent.
/// </remarks>
internal sealed class GrpcProber(ProbeDialer dialer, TimeProvider time)
{
    private static readonly string[] s_statuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

    public async Task<ProbeOutcome> ProbeAsync(string host, V1GRPCAction action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Mode TLS (newer API versions) is TLS without certificate verification; plaintext otherwise, as in 1.32.
        var scheme = string.Equals(action.Mode, "TLS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var address = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{action.Port}" : $"{host}:{action.Port}";
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, token) =>
                new NetworkStream(await dialer.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token), ownsSocket: true),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{scheme}://{address}/grpc.health.v1.Health/Check")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(action.Service ?? "")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("User-Agent", HttpGetProber.UserAgent);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dial = Find<ProbeDialException>(e);
            var reason = deadline.IsCancellationRequested ? "context deadline exceeded" : dial?.Message ?? Innermost(e).Message;
            // The kubelet's blocking dial retries a refused connection until the deadline and then reports the
            // timeout; this one reports at once, with the dial error instead of "context deadline exceeded".
            return ProbeOutcome.Failure(deadline.IsCancellationRequested || dial is not null
                ? $"timeout: failed to connect service {GoStrings.Quote(address)} within {GoStrings.Duration(timeout)}: {reason}"
                : $"error: failed to connect service at {GoStrings.Quote(address)}: {reason}");
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return ProbeOutcome.Failure(deadline.IsCancellationRequested
                    ? $"timeout: health rpc did not complete within {GoStrings.Duration(timeout)}"
                    : $"error: health rpc probe failed: {Innermost(e).Message}");
            }

            var code = Header(response, "grpc-status");
            var message = Uri.UnescapeDataString(Header(response, "grpc-message") ?? "");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ProbeOutcome.Failure($"error: health rpc probe failed: rpc error: code = Unknown desc = unexpected HTTP status code received from server: {(int)response.StatusCode}");
            }

            if (code is "12")
            {
                return ProbeOutcome.Failure($"error: this server does not implement the grpc health protocol (grpc.health.v1.Health): {message}");
            }

            if (code is not "0")
            {
                return ProbeOutcome.Failure($"error: health rpc probe failed: rpc error: code = {code ?? "Unknown"} desc = {message}");
            }

            var status = ParseStatus(body);
            return status == 1
                ? ProbeOutcome.Success("service is serving")
                : ProbeOutcome.Failure($"service unhealthy (responded with {GoStrings.Quote(status is >= 0 and < 4 ? s_statuses[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
        }
    }

    /// <summary>A gRPC message frame holding <c>HealthCheckRequest { string service = 1; }</c>.</summary>
    private static byte[] Frame(string service)
    {
        var name = Encoding.UTF8.GetBytes(service);
        var message = new List<byte>();
        if (name.Length > 0)
        {
            message.Add(0x0A);
            for (var length = (uint)name.Length; ; length >>= 7)
            {
                message.Add((byte)(length < 0x80 ? length : (length & 0x7F) | 0x80));
                if (length < 0x80)
                {
                    break;
                }
            }

            message.AddRange(name);
        }

        var frame = new byte[5 + message.Count];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Count);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The <c>status</c> (field 1, an enum) of the <c>HealthCheckResponse</c> in the first frame; 0 when absent.</summary>
    private static int ParseStatus(byte[] body)
    {
        if (body.Length < 5)
        {
            return 0;
        }

        var message = body.AsSpan(5, (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)), (uint)(body.Length - 5)));
        var status = 0;
        for (var i = 0; i < message.Length;)
        {
            var tag = ReadVarint(message, ref i);
            switch (tag & 7)
            {
                case 0:
                    var value = ReadVarint(message, ref i);
                    if (tag >> 3 == 1)
                    {
                        status = (int)value;
                    }

                    break;
                case 1:
                    i += 8;
                    break;
                case 2:
                    i += (int)ReadVarint(message, ref i);
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    return status;
            }
        }

        return status;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int index)
    {
        ulong value = 0;
        for (var shift = 0; index < data.Length && shift < 64; shift += 7)
        {
            var b = data[index++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return value;
    }

    /// <summary>A trailer, or for a trailers-only answer a header.</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault()
        : null;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
