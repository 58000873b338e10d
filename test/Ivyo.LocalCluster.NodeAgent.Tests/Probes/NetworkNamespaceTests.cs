using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ivyo.LocalCluster.NodeAgent.Probes;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>Sockets made inside a pod's network namespace, from a process that itself stays in the host's.</summary>
public sealed class NetworkNamespaceTests : IAsyncLifetime
{
    private ProbePod _pod = null!;

    public async Task InitializeAsync() => _pod = await ProbePod.StartAsync();

    public async Task DisposeAsync() => await _pod.DisposeAsync();

    [Fact]
    public async Task A_socket_made_for_the_pod_listens_in_the_pods_namespace()
    {
        using var listener = await Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(_pod.Network.NamespacePath, AddressFamily.InterNetwork);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        // bash's /dev/tcp, run inside the container, reaches it on the pod's loopback.
        using var client = System.Diagnostics.Process.Start(_pod.Container.ExecStartInfo(["/bin/bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}"]))!;
        await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, client.ExitCode);
        using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task No_thread_of_the_node_agent_is_left_in_a_pods_namespace()
    {
        var own = File.ResolveLinkTarget("/proc/self/ns/net", false)!.Name;
        var pods = File.ResolveLinkTarget(_pod.Network.NamespacePath, false)!.Name;

        var sockets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(_pod.Network.NamespacePath, AddressFamily.InterNetwork)));
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        Assert.NotEqual(own, pods);
        var threads = Directory.EnumerateDirectories("/proc/self/task")
            .Select(task => { try { return File.ResolveLinkTarget(Path.Combine(task, "ns", "net"), false)?.Name; } catch (IOException) { return null; } })
            .Where(name => name is not null)
            .ToList();
        Assert.All(threads, name => Assert.Equal(own, name));
    }

    [Fact]
    public async Task A_namespace_that_is_gone_fails_the_dial_with_the_reason()
    {
        var dialer = new ProbeDialer(new PodNetwork("/proc/2147483647/ns/net", IPAddress.Loopback));

        var failure = await Assert.ThrowsAsync<ProbeDialException>(() => dialer.ConnectAsync("127.0.0.1", 80, CancellationToken.None));

        Assert.Equal("dial tcp 127.0.0.1:80: open /proc/2147483647/ns/net: No such file or directory", failure.Message);
    }
}
