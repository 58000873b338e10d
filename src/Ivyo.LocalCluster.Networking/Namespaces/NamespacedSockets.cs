using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>
/// Sockets that belong to another network namespace. A socket stays in the namespace it was created in, and the
/// network namespace is per thread: so a dedicated thread enters the namespace with setns(2), creates the socket,
/// and returns to its own namespace before it ends; the socket is then used from anywhere in this process. This is
/// how a process in the host namespace serves on an address that exists only inside the cluster's namespace.
/// </summary>
public static partial class NamespacedSockets
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A listening TCP socket on <paramref name="endpoint"/> inside the namespace at <paramref name="namespacePath"/>.</summary>
    public static Socket Listen(string namespacePath, IPEndPoint endpoint, int backlog = 512) => InNamespace(namespacePath, () =>
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    });

    /// <summary>A TCP socket created inside the namespace, connected to <paramref name="endpoint"/> (for probes and tests).</summary>
    public static Socket Connect(string namespacePath, EndPoint endpoint, TimeSpan timeout) => InNamespace(namespacePath, () =>
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var connecting = socket.ConnectAsync(endpoint);
            bool connected;
            try
            {
                connected = connecting.Wait(timeout);
            }
            catch (AggregateException e) when (e.InnerException is SocketException refused)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(refused).Throw();
                throw;
            }

            return connected ? socket : throw new TimeoutException($"connecting to {endpoint} timed out after {timeout.TotalSeconds}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    });

    /// <summary>A UDP socket created inside the namespace (for DNS queries in tests and probes).</summary>
    public static Socket Udp(string namespacePath) =>
        InNamespace(namespacePath, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));

    private static T InNamespace<T>(string namespacePath, Func<T> create)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
                using var target = File.OpenHandle(namespacePath, FileMode.Open, FileAccess.Read);
                Enter(target.DangerousGetHandle(), namespacePath);
                try
                {
                    result = create();
                }
                finally
                {
                    Enter(original.DangerousGetHandle(), "the thread's own namespace");
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "netns-socket",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw failure is SocketException or TimeoutException
                ? failure
                : new NetworkCommandException($"opening a socket in {namespacePath} failed: {failure.Message}");
        }

        return result!;
    }

    private static void Enter(nint fd, string what)
    {
        if (setns((int)fd, CloneNewNet) != 0)
        {
            throw new IOException($"setns into {what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
