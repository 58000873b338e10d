using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>
/// Sockets that belong to another network namespace: how a process in the host's namespace serves on the cluster
/// gateway and how the kubelet's probes reach a pod's own loopback and ports.
/// </summary>
/// <remarks>
/// The network namespace, unlike the mount, PID and user namespaces, can be switched per thread in a multi-threaded
/// process (setns(2) with CLONE_NEWNET acts on the calling thread only), and a socket belongs to the namespace of the
/// thread that created it for its whole life. So a fresh OS thread enters the namespace, creates the socket (and, for
/// listeners, binds it), and switches back before it ends; the socket is then used like any other, asynchronously,
/// from any thread. A helper process under nsenter(1) would need a binary that speaks HTTP and TLS with the probes'
/// headers and timeouts, one process per probe, and its errors parsed back.
/// </remarks>
public static partial class NamespacedSockets
{
    private const int CloneNewNet = 0x40000000;
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

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

    /// <summary>An unconnected TCP socket of <paramref name="family"/> created inside the namespace (probes dial with it).</summary>
    public static Task<Socket> CreateTcpAsync(string namespacePath, AddressFamily family)
    {
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                created.SetResult(OnThisThread(namespacePath, () => new Socket(family, SocketType.Stream, ProtocolType.Tcp)));
            }
            catch (Exception e)
            {
                created.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "ivyo-netns-socket",
        };
        thread.Start();
        return created.Task;
    }

    private static T InNamespace<T>(string namespacePath, Func<T> create)
    {
        T? result = default;
        Exception? failure = null;
        // A fresh OS thread, never a pool thread, which would carry the namespace on to unrelated work.
        var thread = new Thread(() =>
        {
            try
            {
                result = OnThisThread(namespacePath, create);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "ivyo-netns-socket",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result!;
    }

    private static T OnThisThread<T>(string namespacePath, Func<T> create)
    {
        // The thread's own namespace first: the path names this thread, not the process's main thread.
        using var original = Open("/proc/thread-self/ns/net");
        using var target = Open(namespacePath);
        Enter(target, $"the network namespace {namespacePath}");
        try
        {
            return create();
        }
        finally
        {
            // Hygiene rather than safety: the thread ends right after, and its namespace with it.
            Enter(original, "this process's own network namespace");
        }
    }

    private static SafeNamespaceHandle Open(string path)
    {
        var handle = new SafeNamespaceHandle(open(path, ReadOnly | CloseOnExec));
        if (handle.IsInvalid)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            handle.Dispose();
            throw new IOException($"open {path}: {error}");
        }

        return handle;
    }

    private static void Enter(SafeNamespaceHandle handle, string what)
    {
        if (setns(handle, CloneNewNet) != 0)
        {
            throw new IOException($"Entering {what} failed: setns: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(SafeNamespaceHandle fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(nint fd);

    /// <summary>A file descriptor of a namespace file, closed once.</summary>
    private sealed class SafeNamespaceHandle : SafeHandle
    {
        public SafeNamespaceHandle()
            : base(-1, ownsHandle: true)
        {
        }

        public SafeNamespaceHandle(int fd)
            : base(-1, ownsHandle: true) => SetHandle(fd);

        public override bool IsInvalid => handle < 0;

        protected override bool ReleaseHandle() => close(handle) == 0;
    }
}
