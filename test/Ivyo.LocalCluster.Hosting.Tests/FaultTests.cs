using Ivyo.LocalCluster.Hosting;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Hosting.Tests;

/// <summary>
/// Fault injection on a whole local cluster (heartbeats every second, a node is NotReady after 4 s of silence): a
/// killed container is restarted; a stopped node goes NotReady with the unreachable taint and, started again, is Ready
/// and runs its pods again; a partitioned pod reaches neither other pods nor the API server and is reached by none
/// until healed; a partitioned node goes NotReady while its pods keep running.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-faults-").FullName;
    private readonly string _network = "ivyo-f" + Guid.NewGuid().ToString("N")[..8];
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The local cluster runs pods in Linux namespaces and must run as root (CI does).");
        }

        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataDirectory = _data,
            Port = 0,
            NetworkName = _network,
            Nodes = 3,
            Durable = false,
            NodeHeartbeatInterval = TimeSpan.FromSeconds(1),
            NodeMonitorGracePeriod = TimeSpan.FromSeconds(4),
            NodeMonitorPeriod = TimeSpan.FromSeconds(1),
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Assert.False(File.Exists("/run/netns/" + _network), "the cluster's network namespace outlived it");
        Directory.Delete(_data, recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Kubectl.RunAsync(_cluster.KubeconfigPath, args);

    [Fact]
    public async Task A_killed_container_is_restarted_by_its_restart_policy()
    {
        await RunPodsAsync(("one", "node-1"));
        var before = await PodAsync("one");

        Assert.Equal("main", await _cluster.Faults.KillContainerAsync("default", "one"));

        var after = await WaitForPodAsync("one", p => p.Status?.ContainerStatuses?[0] is { RestartCount: 1, State.Running: not null }, "restarted once and running");
        Assert.Equal(137, after.Status.ContainerStatuses[0].LastState.Terminated.ExitCode);
        Assert.Equal(before.Status.PodIP, after.Status.PodIP);
    }

    [Fact]
    public async Task A_stopped_node_goes_not_ready_and_tainted_and_started_again_is_ready_and_runs_its_pods()
    {
        await RunPodsAsync(("one", "node-2"));
        var process = _cluster.Nodes.Single(n => n.Name == "node-2").Agent!.Containers.Find("default", "one", "main")!.Process!.MainProcessId;

        await _cluster.Faults.StopNodeAsync("node-2");

        Assert.False(File.Exists($"/proc/{process}/stat") && !File.ReadAllText($"/proc/{process}/stat").Contains(") Z ", StringComparison.Ordinal),
            "the pod's process outlived its node");
        var notReady = await WaitForNodeAsync("node-2", n => Ready(n) == "Unknown" && Tainted(n, "node.kubernetes.io/unreachable"), "NotReady with the unreachable taint");
        Assert.Contains(notReady.Spec.Taints, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute");
        Assert.Equal("True", Ready(await NodeAsync("node-1")));

        await _cluster.Faults.StartNodeAsync("node-2");

        await WaitForNodeAsync("node-2", n => Ready(n) == "True" && !Tainted(n, "node.kubernetes.io/unreachable"), "Ready without the taint");
        await WaitForPodAsync("one", p => p.Status?.ContainerStatuses?[0].State?.Running is { } running && running.StartedAt > DateTime.UtcNow.AddSeconds(-30)
            && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, "running again on its node");
        Assert.Equal(0, (await KubectlAsync("exec", "one", "--", "true")).ExitCode);
    }

    [Fact]
    public async Task A_partitioned_pod_is_unreachable_and_cannot_reach_the_api_server_until_healed()
    {
        await RunPodsAsync(("isolated", "node-1"), ("other", "node-2"));
        var isolated = (await PodAsync("isolated")).Status.PodIP;
        var other = (await PodAsync("other")).Status.PodIP;
        Assert.Equal(0, (await ConnectAsync("other", isolated, 8080)).ExitCode);
        Assert.Equal(0, (await ConnectAsync("isolated", "kubernetes.default", 443)).ExitCode);

        await _cluster.Faults.PartitionPodAsync("default", "isolated");

        Assert.NotEqual(0, (await ConnectAsync("other", isolated, 8080)).ExitCode);
        Assert.NotEqual(0, (await ConnectAsync("isolated", other, 8080)).ExitCode);
        Assert.NotEqual(0, (await ConnectAsync("isolated", "10.96.0.1", 443)).ExitCode);
        Assert.Equal(["pod/default/isolated"], _cluster.Faults.Partitions);

        Assert.True(await _cluster.Faults.HealPodAsync("default", "isolated"));

        Assert.Equal(0, (await ConnectAsync("other", isolated, 8080)).ExitCode);
        Assert.Equal(0, (await ConnectAsync("isolated", other, 8080)).ExitCode);
        Assert.Equal(0, (await ConnectAsync("isolated", "10.96.0.1", 443)).ExitCode);
    }

    [Fact]
    public async Task A_partitioned_node_goes_not_ready_while_its_pods_keep_running_and_heals()
    {
        await RunPodsAsync(("one", "node-3"), ("other", "node-1"));
        var ip = (await PodAsync("one")).Status.PodIP;

        await _cluster.Faults.PartitionNodeAsync("node-3");

        await WaitForNodeAsync("node-3", n => Ready(n) == "Unknown" && Tainted(n, "node.kubernetes.io/unreachable"), "NotReady with the unreachable taint");
        Assert.NotEqual(0, (await ConnectAsync("other", ip, 8080)).ExitCode);
        Assert.True(_cluster.Nodes.Single(n => n.Name == "node-3").Agent!.Containers.Find("default", "one", "main")!.IsRunning, "the pod stopped");

        Assert.True(await _cluster.Faults.HealNodeAsync("node-3"));

        await WaitForNodeAsync("node-3", n => Ready(n) == "True" && !Tainted(n, "node.kubernetes.io/unreachable"), "Ready again");
        Assert.Equal(0, (await ConnectAsync("other", ip, 8080)).ExitCode);
        var pod = await PodAsync("one");
        Assert.Equal(0, pod.Status.ContainerStatuses[0].RestartCount);
    }

    /// <summary>Opens a TCP connection from inside <paramref name="pod"/> (2 s at most); exit code 0 when it connects.</summary>
    private Task<(int ExitCode, string Output, string Error)> ConnectAsync(string pod, string host, int port) =>
        KubectlAsync("exec", pod, "--", "timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{host}/{port}");

    /// <summary>Pods that serve HTTP on 8080, each pinned to a node, and waits until they are Ready.</summary>
    private async Task RunPodsAsync(params (string Name, string Node)[] pods)
    {
        foreach (var (name, node) in pods)
        {
            await _cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PodSpec
                {
                    NodeName = node,
                    TerminationGracePeriodSeconds = 1,
                    Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["python3", "-m", "http.server", "8080"] }],
                },
            }, "default");
        }

        foreach (var (name, _) in pods)
        {
            await WaitForPodAsync(name, p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, "Ready");
        }
    }

    private Task<V1Pod> PodAsync(string name) => _cluster.Client.CoreV1.ReadNamespacedPodAsync(name, "default");

    private Task<V1Node> NodeAsync(string name) => _cluster.Client.CoreV1.ReadNodeAsync(name);

    private static string? Ready(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    private static bool Tainted(V1Node node, string key) => node.Spec?.Taints?.Any(t => t.Key == key) == true;

    private Task<V1Pod> WaitForPodAsync(string name, Func<V1Pod, bool> done, string what) =>
        WaitAsync(() => PodAsync(name), done, p => KubernetesJson.Serialize(p.Status), $"pod {name} {what}");

    private Task<V1Node> WaitForNodeAsync(string name, Func<V1Node, bool> done, string what) =>
        WaitAsync(() => NodeAsync(name), done, n => KubernetesJson.Serialize(new { n.Spec?.Taints, n.Status?.Conditions }), $"node {name} {what}");

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> describe, string what)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"not {what} within {s_wait.TotalSeconds} s; last seen: {describe(value)}");
            }

            await Task.Delay(200);
        }
    }
}
