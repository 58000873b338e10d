using System.Collections.Concurrent;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.NodeAgent.KubeletApi;
using Ivyo.LocalCluster.NodeAgent.Pods;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Node;

/// <summary>
/// A running node: its kubelet API, its Node object and heartbeats, and one <see cref="PodWorker"/> per pod the
/// scheduler bound to it (watched with <c>fieldSelector=spec.nodeName=&lt;node&gt;</c>, as the kubelet watches).
/// Disposing it stops the node and kills its pods' processes, as a machine that goes away would.
/// </summary>
public sealed class NodeAgent : IAsyncDisposable
{
    private readonly NodeAgentOptions _options;
    private readonly KubeletServer _kubelet;
    private readonly NodeRegistration _registration;
    private readonly NodeAgentContext _context;
    private readonly Informer<V1Pod> _pods;
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private Task _running = Task.CompletedTask;

    private NodeAgent(NodeAgentOptions options, KubeletServer kubelet, NodeAgentContext context)
    {
        _options = options;
        _kubelet = kubelet;
        _context = context;
        _logger = options.Loggers.CreateLogger<NodeAgent>();
        _registration = new NodeRegistration(options, kubelet.Port);
        _pods = new Informer<V1Pod>(options.Client, namespaced: true, new InformerOptions { FieldSelector = "spec.nodeName=" + options.NodeName },
            options.Loggers.CreateLogger<ResourceInformer>(), options.Time);
        _pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            Added = Observe,
            Updated = (_, pod) => Observe(pod),
            Deleted = pod =>
            {
                if (_workers.TryGetValue(pod.Metadata.Uid, out var worker))
                {
                    worker.Remove();
                }
            },
        });
    }

    public string NodeName => _options.NodeName;

    public int KubeletPort => _kubelet.Port;

    public ContainerDirectory Containers => _context.Containers;

    /// <summary>What each pod worker of this node is doing (diagnostics for a pod that does not stop or start).</summary>
    public IReadOnlyList<string> WorkerActivities => [.. _workers.Values.Select(worker => worker.Activity)];

    public static async Task<NodeAgent> StartAsync(NodeAgentOptions options, CancellationToken cancellationToken = default)
    {
        var tools = new NamespaceTools();
        tools.EnsureUsable();
        Directory.CreateDirectory(options.DataDirectory);
        var containers = new ContainerDirectory();
        var kubelet = await KubeletServer.StartAsync(new KubeletServerOptions
        {
            ServingCertificate = options.ServingCertificate,
            ClientAuthority = options.ClusterAuthority,
            Containers = containers,
            Time = options.Time,
        }, cancellationToken);
        var allocatable = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["cpu"] = new k8s.Models.ResourceQuantity(options.Cpu).ToDecimal(),
            ["memory"] = new k8s.Models.ResourceQuantity(options.Memory).ToDecimal(),
            ["ephemeral-storage"] = 100m * 1024 * 1024 * 1024,
        };
        var context = new NodeAgentContext(options.NodeName, options.DataDirectory, tools, options.Client, new KubernetesClusterObjects(options.Client),
            options.Images, containers, new KubeletEvents(options.Client, options.NodeName, options.Time, options.Loggers.CreateLogger<KubeletEvents>()), options.Backoff, options.Address,
            options.ClusterDns, allocatable, options.Time, options.Loggers,
            options.Network is { } network ? new NodeNetwork(network, new Networking.Pods.PodAddressPool(options.NodeIndex)) : null);
        var agent = new NodeAgent(options, kubelet, context);
        try
        {
            await agent._registration.RegisterAsync(cancellationToken);
        }
        catch
        {
            await kubelet.DisposeAsync();
            throw;
        }

        var token = agent._stop.Token;
        agent._running = Task.WhenAll(Task.Run(() => agent._pods.RunAsync(token), token), Task.Run(() => agent.HeartbeatAsync(token), token));
        return agent;
    }

    private void Observe(V1Pod pod)
    {
        var worker = _workers.GetOrAdd(pod.Metadata.Uid, uid =>
        {
            var created = new PodWorker(_context, pod);
            created.Start();
            _ = created.Completion.ContinueWith(_ => _workers.TryRemove(uid, out PodWorker? _), TaskScheduler.Default);
            return created;
        });
        worker.Update(pod);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _options.Time);
        do
        {
            try
            {
                await _registration.HeartbeatAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NodeAgentLog.HeartbeatFailed(_logger, e, _options.NodeName);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var worker in _workers.Values)
        {
            await worker.DisposeAsync();
        }

        await _kubelet.DisposeAsync();
        _stop.Dispose();
    }
}

internal static partial class NodeAgentLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} could not renew its lease or report its status")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string node);
}
