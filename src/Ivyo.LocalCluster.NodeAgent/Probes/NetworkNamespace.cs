using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Creates sockets inside another process's network namespace, so that a probe reaches the pod's own loopback and
/// ports, not the node's: the kubelet dials the pod IP from the node, and here the pod's address lives in its
/// namespace.
/// </summary>
/// <remarks>
/// <para>
/// Why <c>setns</c> on a dedicated thread, and not <c>nsenter --net -- helper</c>: a helper would need a binary that
/// can speak HTTP and TLS with our headers, redirects and timeouts (curl, python3 and bash's /dev/tcp are not on every
/// node), a process per probe, and its errors parsed back. The network namespace, unlike the mount, PID and user
/// namespaces, can be switched per thread in a multi-threaded process (setns(2) with CLONE_NEWNET acts on the calling
/// thread only). A socket belongs to the network namespace of the thread that created it for its whole life, whatever
/// thread later connects, reads or writes it. So a fresh OS thread (never a pool thread, which would carry the
/// namespace on to unrelated work) enters the namespace, creates the socket, and switches back before it ends; the
/// socket is then used like any other, asynchronously, from any thread.
/// </para>
/// <para>
/// Only socket(2) runs in the namespace; connect and listen run afterwards on the caller's side and still resolve
/// addresses and routes in the socket's namespace.
/// </para>
/// </remarks>
internal static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    /// <summary>A TCP socket of <paramref name="family"/> in the network namespace at <paramref name="namespacePath"/>.</summary>
    public static Task<Socket> CreateTcpSocketAsync(string namespacePath, AddressFamily family)
    {
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                created.SetResult(CreateOnThisThread(namespacePath, family));
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

    private static Socket CreateOnThisThread(string namespacePath, AddressFamily family)
    {
        // The thread's own namespace first: the path names this thread, not the process's main thread.
        using var original = Open("/proc/thread-self/ns/net");
        using var target = Open(namespacePath);
        Enter(target, $"the network namespace {namespacePath}");
        try
        {
            return new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        }
        finally
        {
            // Hygiene rather than safety: this thread ends right after, and the namespace goes with it.
            Enter(original, "the node agent's own network namespace");
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
