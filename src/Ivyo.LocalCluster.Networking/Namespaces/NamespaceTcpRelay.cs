using System.Net;
using System.Net.Sockets;

namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>
/// Accepts TCP connections on an address inside a network namespace and relays each, byte for byte, to a target
/// in this process's namespace: how pods reach the API server (it listens on loopback) at the cluster gateway.
/// TLS passes through untouched.
/// </summary>
public sealed class NamespaceTcpRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public NamespaceTcpRelay(string namespacePath, IPEndPoint listen, IPEndPoint target)
    {
        _listener = NamespacedSockets.Listen(namespacePath, listen);
        _target = target;
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where it listens (inside the namespace), with the port chosen when 0 was asked.</summary>
    public IPEndPoint Endpoint { get; }

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
        using (var upstream = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
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
