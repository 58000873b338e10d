using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.Networking.Namespaces;
using Ivyo.LocalCluster.Networking.Pods;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>
/// A bare pod network namespace (a sleeping process made by unshare) attached to the cluster network, with helpers
/// to listen and connect from inside it. Root is required; without it the tests fail and say so.
/// </summary>
internal sealed class TestPod : IAsyncDisposable
{
    private readonly Process _holder;

    private TestPod(Process holder, int namespaceProcess, PodNetworkAttachment attachment)
    {
        _holder = holder;
        NamespaceProcess = namespaceProcess;
        Attachment = attachment;
    }

    public int NamespaceProcess { get; }

    public PodNetworkAttachment Attachment { get; }

    public IPAddress Address => Attachment.Address;

    public string NamespacePath => $"/proc/{NamespaceProcess}/ns/net";

    public static async Task<TestPod> StartAsync(ClusterNetwork network, IPAddress address)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The network tests create network namespaces and must run as root (CI does).");
        }

        var holder = Process.Start(new ProcessStartInfo("/usr/bin/unshare", ["--net", "--fork", "--kill-child", "/bin/sh", "-c", "/usr/sbin/ip link set lo up && exec sleep infinity"]))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int? child = null;
        while (child is null && DateTime.UtcNow < deadline)
        {
            var text = File.ReadAllText($"/proc/{holder.Id}/task/{holder.Id}/children").Trim();
            child = text.Length > 0 ? int.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : null;
            await Task.Delay(5);
        }

        var attachment = await PodNetworkAttachment.AttachAsync(network, child ?? throw new InvalidOperationException("unshare made no child"), address);
        return new TestPod(holder, child.Value, attachment);
    }

    /// <summary>Accepts connections inside the pod and answers each with "&lt;name&gt; saw &lt;client address&gt;".</summary>
    public Socket Serve(int port, string name)
    {
        var listener = NamespacedSockets.Listen(NamespacePath, new IPEndPoint(IPAddress.Any, port));
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    return;
                }

                using (client)
                {
                    var peer = ((IPEndPoint)client.RemoteEndPoint!).Address;
                    await client.SendAsync(Encoding.UTF8.GetBytes($"{name} saw {peer}"));
                    client.Shutdown(SocketShutdown.Send);
                }
            }
        });
        return listener;
    }

    /// <summary>Connects from inside the pod and returns what the server said.</summary>
    public async Task<string> AskAsync(IPEndPoint endpoint)
    {
        using var socket = NamespacedSockets.Connect(NamespacePath, endpoint, TimeSpan.FromSeconds(5));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Attachment.DetachAsync();
        _holder.Kill(entireProcessTree: true);
        await _holder.WaitForExitAsync();
        _holder.Dispose();
    }
}
