using System.Net;
using System.Net.Sockets;

namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>
/// Relays TCP connections byte for byte between this process's network namespace and another one, either way: into
/// this process from an address inside the namespace (how pods reach the API server, which listens on loopback, at
/// the cluster gateway), or from a loopback port of this process into the namespace (how a benchmark's client on the
/// host reaches a Service's ClusterIP from the cluster's router, or a pod's own loopback, as a pod would). TLS passes
/// through untouched.
/// </summary>
public sealed class NamespaceTcpRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<CancellationToken, Task<Socket>> _connect;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <summary>Listens on <paramref name="listen"/> inside the namespace and connects to <paramref name="target"/> here.</summary>
    public NamespaceTcpRelay(string namespacePath, IPEndPoint listen, IPEndPoint target)
        : this(NamespacedSockets.Listen(namespacePath, listen), async cancellationToken =>
        {
            var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await ConnectOrDisposeAsync(upstream, target, cancellationToken);
            return upstream;
        })
    {
    }

    private NamespaceTcpRelay(Socket listener, Func<CancellationToken, Task<Socket>> connect)
    {
        _listener = listener;
        _connect = connect;
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where it listens, with the port chosen when 0 was asked.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>
    /// Listens on a free loopback port of this process and relays each connection to <paramref name="target"/> as
    /// seen from inside the namespace that <paramref name="namespacePath"/> names when the connection arrives (a
    /// function, as a pod's namespace moves when its container restarts; null: refuse the connection).
    /// </summary>
    public static NamespaceTcpRelay IntoNamespace(Func<string?> namespacePath, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(namespacePath);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new NamespaceTcpRelay(listener, async cancellationToken =>
        {
            var path = namespacePath() ?? throw new SocketException((int)SocketError.ConnectionRefused);
            var upstream = await NamespacedSockets.CreateTcpAsync(path, target.AddressFamily);
            await ConnectOrDisposeAsync(upstream, target, cancellationToken);
            return upstream;
        });
    }

    private static async Task ConnectOrDisposeAsync(Socket socket, IPEndPoint target, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var upstream = await _connect(_stop.Token);
                await using var a = new NetworkStream(client, ownsSocket: false);
                await using var b = new NetworkStream(upstream, ownsSocket: false);
                await Task.WhenAll(CopyAsync(a, b, upstream), CopyAsync(b, a, client));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // One side went away; so does the other.
            }
        }
    }

    /// <summary>Copies until the source ends, then half-closes the destination so the other direction can finish.</summary>
    private async Task CopyAsync(Stream from, Stream to, Socket destination)
    {
        await from.CopyToAsync(to, _stop.Token);
        destination.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
