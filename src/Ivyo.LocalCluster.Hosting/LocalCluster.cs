using System.Net;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Hosting.Faults;
using Ivyo.LocalCluster.Hosting.Nodes;
using Ivyo.LocalCluster.Networking;
using Ivyo.LocalCluster.Networking.Dns;
using Ivyo.LocalCluster.Networking.Namespaces;
using Ivyo.LocalCluster.Networking.Partitions;
using Ivyo.LocalCluster.Networking.Services;
using Ivyo.LocalCluster.NodeAgent.Node;
using Ivyo.LocalCluster.Scheduler.Scheduling;
using Ivyo.LocalCluster.Storage;
using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Hosting;

/// <summary>
/// A whole local cluster, what <c>ivyo local up</c> runs: etcd and the API server on loopback; the cluster network
/// namespace with the gateway relay to the API server (pods reach it as the <c>kubernetes</c> Service), the Service
/// proxy and cluster DNS; the controller manager; the scheduler; and N node agents (<c>node-1</c>...) whose pods
/// are real processes. Disposing it stops everything in reverse order and removes the network namespace.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>Where pods reach the API server: the gateway, on the same port as the server's own.</summary>
    public const int GatewayApiPort = 6443;

    private readonly List<IAsyncDisposable> _parts = [];
    private readonly List<ClusterNode> _nodes = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _scheduler = Task.CompletedTask;
    private Hygiene.Watchdog? _watchdog;

    private LocalCluster(LocalClusterOptions options) => Options = options;

    public LocalClusterOptions Options { get; }

    public ApiServer.Hosting.ApiServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The node agents that run now (a stopped node has none).</summary>
    public IReadOnlyList<NodeAgent.Node.NodeAgent> NodeAgents => [.. _nodes.Select(n => n.Agent).OfType<NodeAgent.Node.NodeAgent>()];

    /// <summary>Every node, running or stopped.</summary>
    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>Fault injection: kill containers, stop and start nodes, partition pods and nodes.</summary>
    public ClusterFaults Faults { get; private set; } = null!;

    public ClusterNetwork Network { get; private set; } = null!;

    /// <summary>The admin kubeconfig's path, under the data directory.</summary>
    public string KubeconfigPath => Path.Combine(Options.DataDirectory, "admin.kubeconfig");

    /// <summary>
    /// A loopback port of this process that reaches <paramref name="clusterAddress"/> (a pod's address) from the
    /// cluster's router, through the partitions as a pod's connection passes them. Service IPs are not reachable this
    /// way: the router has no route to the Service range for its own connections (use <see cref="ForwardFromPod"/>
    /// from a client pod instead). Dispose it to close.
    /// </summary>
    public NamespaceTcpRelay ForwardToCluster(IPEndPoint clusterAddress) =>
        NamespaceTcpRelay.IntoNamespace(() => Network.NamespacePath, clusterAddress);

    /// <summary>
    /// A loopback port of this process whose connections are opened to <paramref name="port"/> on the loopback of a
    /// pod's own network namespace, which no partition cuts: how a benchmark asks an instance what it is while the
    /// network around it is broken.
    /// </summary>
    public NamespaceTcpRelay ForwardToPodLoopback(string ns, string pod, string container, int port) =>
        ForwardFromPod(ns, pod, container, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>
    /// A loopback port of this process whose connections are opened from inside a pod's network namespace (found
    /// through the container's current process when each connection opens) to <paramref name="target"/>: the
    /// connection is then the pod's own, so a Service address is routed and load-balanced as for any client pod.
    /// </summary>
    public NamespaceTcpRelay ForwardFromPod(string ns, string pod, string container, IPEndPoint target) =>
        NamespaceTcpRelay.IntoNamespace(() => NodeAgents
            .Select(agent => agent.Containers.Find(ns, pod, container)?.Process)
            .FirstOrDefault(process => process is { IsRunning: true }) is { } running
                ? $"/proc/{running.MainProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/ns/net"
                : null,
            target);

    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, CancellationToken cancellationToken = default)
    {
        var cluster = new LocalCluster(options);
        try
        {
            await cluster.StartPartsAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateDirectory(Options.DataDirectory).FullName;
        // Should this process die without stopping the cluster, the watchdog kills what it ran.
        _watchdog = Hygiene.Watchdog.Start(data, Options.NetworkName);
        IObjectStore? store = null;
        if (Options.Durable)
        {
            var etcd = await EtcdProcess.StartAsync(Path.Combine(data, "etcd"), logger: Options.Loggers.CreateLogger<EtcdProcess>(), cancellationToken: cancellationToken);
            _parts.Add(etcd);
            store = await EtcdObjectStore.ConnectAsync(etcd.ClientUrl, cancellationToken);
            _parts.Add(store);
        }

        Network = await ClusterNetwork.CreateAsync(Options.NetworkName, cancellationToken: cancellationToken);
        _parts.Add(Network);
        Server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions
        {
            Port = Options.Port,
            Store = store,
            Time = Options.Time,
            Advertise = new IPEndPoint(ClusterNetwork.Gateway, GatewayApiPort),
            ExtraServingAddresses = [ClusterNetwork.Gateway, IPAddress.Parse(ApiServer.Strategies.ClusterIpAllocator.KubernetesServiceIp)],
            LoggerFactory = Options.Loggers,
        }, cancellationToken);
        _parts.Add(Server);
        await File.WriteAllTextAsync(KubeconfigPath, Server.AdminKubeconfig, cancellationToken);
        Client = await Server.CreateAdminClientAsync();

        _parts.Add(new NamespaceTcpRelay(Network.NamespacePath, new IPEndPoint(ClusterNetwork.Gateway, GatewayApiPort), new IPEndPoint(IPAddress.Loopback, Server.Url.Port)));
        _parts.Add(new ServiceProxy(Network, Client, Options.Loggers, Options.Time));
        _parts.Add(await ClusterDns.StartAsync(Network, Client, Path.Combine(data, "dns"), Options.Loggers, cancellationToken));
        _parts.Add(ControllerManager.Start(Client, new ControllerManagerOptions
        {
            VolumeDataDirectory = Path.Combine(data, "volumes"),
            NodeMonitorGracePeriod = Options.NodeMonitorGracePeriod,
            NodeMonitorPeriod = Options.NodeMonitorPeriod,
            Time = Options.Time,
            LoggerFactory = Options.Loggers,
        }));
        var scheduler = new SchedulerLoop(Client, new SchedulerOptions(), Options.Loggers.CreateLogger<SchedulerLoop>(), Options.Time);
        _scheduler = Task.Run(() => scheduler.RunAsync(_stop.Token), CancellationToken.None);

        var images = new NodeAgent.Images.LocalImageCatalog();
        LocalImages.Register(images, Options.OperatorDll, DotnetHost(), Path.Combine(data, "images"));
        var partitions = new NetworkPartitions(Network);
        await partitions.HealAllAsync(cancellationToken);
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(Server.AdminKubeconfig));
        var clientConfig = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig);
        for (var index = 1; index <= Options.Nodes; index++)
        {
            var name = $"node-{index}";
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["topology.kubernetes.io/zone"] = $"zone-{index}" };
            foreach (var (key, value) in Options.NodeLabels.GetValueOrDefault(name) ?? new Dictionary<string, string>())
            {
                labels[key] = value;
            }

            // Each node reaches the API server through its own link, which a partition of the node cuts.
            var link = new ApiLink { Describe = name };
            _nodes.Add(new ClusterNode(new NodeAgentOptions
            {
                NodeName = name,
                NodeIndex = index,
                DataDirectory = Path.Combine(data, "nodes", name),
                Client = new Kubernetes(clientConfig, link),
                Labels = labels,
                ServingCertificate = Server.Credentials.IssueKubeletServing(name, [], Options.Time.GetUtcNow()),
                ClusterAuthority = Server.Credentials.Authority.Certificate,
                Network = Network,
                ClusterDns = ClusterDns.ServiceIp,
                HeartbeatInterval = Options.NodeHeartbeatInterval,
                Time = Options.Time,
                Loggers = Options.Loggers,
                Images = images,
            }, link));
        }

        Faults = new ClusterFaults(Client, _nodes, partitions, Options.Loggers.CreateLogger<ClusterFaults>());
        foreach (var node in _nodes)
        {
            await node.StartAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The <c>dotnet</c> host that runs the operator's dll: this process's own when it is one, otherwise (an apphost
    /// such as a benchmark's executable) the one of the runtime this process runs on.
    /// </summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the host is <root>/dotnet.
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _scheduler;
        }
        catch (OperationCanceledException)
        {
        }

        // Nodes first, all at once (their pods stop, each within its grace period), then what they needed, the
        // network namespace last.
        await Task.WhenAll(_nodes.Select(node => node.DisposeAsync().AsTask()));
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            await _parts[i].DisposeAsync();
        }

        Client?.Dispose();
        _watchdog?.Dispose();
        _stop.Dispose();
    }
}
