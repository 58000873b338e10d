using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.Networking.Namespaces;

namespace Ivyo.Bench;

/// <summary>
/// The echo protocol of <see cref="EchoPods"/> from the benchmark process, through sockets made in another network
/// namespace (a pod's): a fresh connection, a line out, the answering pod's name back. Each socket is created (on its
/// own thread, in the namespace) before the clock starts.
/// </summary>
public sealed class NamespaceProbe(string namespacePath)
{
    private static readonly byte[] s_ping = "ping\n"u8.ToArray();

    /// <summary>Connect plus one round trip to <paramref name="target"/>: the time and who answered.</summary>
    public async Task<(TimeSpan Elapsed, string Answer)> OnceAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = await NamespacedSockets.CreateTcpAsync(namespacePath, AddressFamily.InterNetwork);
        socket.NoDelay = true;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        await socket.ConnectAsync(target, limit.Token);
        await socket.SendAsync(s_ping, SocketFlags.None, limit.Token);
        var buffer = new byte[256];
        var received = 0;
        while (received == 0 || buffer[received - 1] != (byte)'\n')
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, limit.Token);
            if (read == 0 || received + read == buffer.Length)
            {
                throw new IOException($"{target} closed without a whole answer.");
            }

            received += read;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed, Encoding.ASCII.GetString(buffer, 0, received - 1));
    }
}
