using Microsoft.Extensions.Hosting;

namespace Ivyo.LocalCluster.NodeAgent.Hosting;

/// <summary>The kubelet API is embedded in the node agent: its host must leave SIGINT and SIGTERM to the agent.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
