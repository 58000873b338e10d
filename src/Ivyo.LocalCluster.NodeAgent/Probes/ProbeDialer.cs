using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Opens the TCP connections of tcpSocket, httpGet and grpc probes, as the kubelet's probe dialer does
/// (pkg/probe/dialer_others.go), and words failures as Go's net.Dial does
/// (<c>dial tcp 127.0.0.1:8080: connect: connection refused</c>, <c>dial tcp 127.0.0.1:8080: i/o timeout</c>).
/// </summary>
/// <remarks>
/// The pod's address, whether the probe's default or given as its <c>host</c>, is reached inside the pod's network
/// namespace (see <see cref="NetworkNamespace"/>). Any other host, which a probe only gets by setting <c>host</c>
/// explicitly (or through a redirect), is dialled from the node, as the kubelet dials it.
/// </remarks>
public sealed class ProbeDialer(PodNetwork network)
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; cancellation is reported as Go's i/o timeout.</summary>
    /// <exception cref="ProbeDialException">The connection failed or <paramref name="cancellationToken"/> fired.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(host, cancellationToken);
        var endPoint = new IPEndPoint(address, port);
        Socket socket;
        try
        {
            socket = address.Equals(network.PodAddress)
                ? await Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(network.NamespacePath, address.AddressFamily)
                : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (IOException e)
        {
            throw new ProbeDialException($"dial tcp {endPoint}: {e.Message}", e);
        }

        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken);
            return socket;
        }
        catch (OperationCanceledException e)
        {
            socket.Dispose();
            throw new ProbeDialException($"dial tcp {endPoint}: i/o timeout", e);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ProbeDialException($"dial tcp {endPoint}: {Describe(e)}", e);
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return address;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            return addresses.FirstOrDefault() ?? throw new ProbeDialException($"dial tcp: lookup {host}: no such host");
        }
        catch (OperationCanceledException e)
        {
            throw new ProbeDialException($"dial tcp: lookup {host}: i/o timeout", e);
        }
        catch (SocketException e)
        {
            throw new ProbeDialException($"dial tcp: lookup {host}: no such host", e);
        }
    }

    /// <summary>Go's wording of a connect(2) error: the op, then strerror in lower case.</summary>
    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connect: connection refused",
        SocketError.HostUnreachable => "connect: no route to host",
        SocketError.NetworkUnreachable => "connect: network is unreachable",
        SocketError.TimedOut => "i/o timeout",
        _ => "connect: " + (e.Message.Length > 0 ? char.ToLower(e.Message[0], CultureInfo.InvariantCulture) + e.Message[1..] : e.SocketErrorCode.ToString()),
    };
}
