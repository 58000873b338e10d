using Ivyo.LocalCluster.Hosting.Faults;
using Ivyo.LocalCluster.NodeAgent.Node;

namespace Ivyo.LocalCluster.Hosting.Nodes;

/// <summary>
/// One node of the local cluster, which may be stopped and started again: its options (name, labels, pod range,
/// data directory), its own client to the API server through an <see cref="ApiLink"/>, and its node agent while
/// it runs. Stopping is a power cut: every process of its pods is killed at once, nothing is written to the API, and
/// the Node object stays as it was until the node lifecycle controller sees its heartbeats stop. Starting again
/// registers under the same name and runs the pods still bound to it, as a kubelet does after a reboot.
/// </summary>
public sealed class ClusterNode(NodeAgentOptions options, ApiLink link) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string Name => options.NodeName;

    public int Index => options.NodeIndex;

    /// <summary>The node's pod range, <c>10.244.&lt;index&gt;.0/24</c>.</summary>
    public System.Net.IPNetwork PodRange => System.Net.IPNetwork.Parse($"10.244.{Index}.0/24");

    public ApiLink Link => link;

    /// <summary>The running node agent; null while the node is stopped.</summary>
    public NodeAgent.Node.NodeAgent? Agent { get; private set; }

    public bool IsRunning => Agent is not null;

    /// <summary>Starts the node agent; false when it runs already.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Agent is not null)
            {
                return false;
            }

            Agent = await NodeAgent.Node.NodeAgent.StartAsync(options, cancellationToken);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops the node as a power cut would; false when it was stopped already.</summary>
    public async Task<bool> StopAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (Agent is not { } agent)
            {
                return false;
            }

            Agent = null;
            await agent.DisposeAsync();
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        options.Client.Dispose();
        _lock.Dispose();
    }
}
