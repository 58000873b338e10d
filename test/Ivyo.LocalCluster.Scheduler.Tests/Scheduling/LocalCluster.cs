using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Scheduler.Scheduling;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Tests.Scheduling;

/// <summary>A real in-process API server with ready nodes and the scheduler loop running against it; disposes all of it.</summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private ApiServer.Hosting.ApiServer _server = null!;
    private Task _run = Task.CompletedTask;

    public Kubernetes Client { get; private set; } = null!;

    public SchedulerLoop Scheduler { get; private set; } = null!;

    public static async Task<LocalCluster> StartAsync(params V1Node[] nodes)
    {
        var cluster = new LocalCluster();
        cluster._server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster._server.AdminKubeconfig));
        cluster.Client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
        foreach (var node in nodes)
        {
            await cluster.AddNodeAsync(node);
        }

        cluster.Scheduler = new SchedulerLoop(cluster.Client, new SchedulerOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(500),

            TieBreakSeed = 7,
        });
        cluster._run = cluster.Scheduler.RunAsync(cluster._stop.Token);
        return cluster;
    }

    /// <summary>Creates the node, then sets its status (allocatable, conditions) through the status subresource, as a kubelet does.</summary>
    public async Task AddNodeAsync(V1Node node)
    {
        var status = node.Status;
        var created = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = node.Metadata, Spec = node.Spec });
        created.Status = status;
        await Client.CoreV1.ReplaceNodeStatusAsync(created, created.Metadata.Name);
    }

    public Task<V1Pod> CreatePodAsync(V1Pod pod) => Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty ?? "default");

    public async Task<IList<V1Pod>> PodsAsync(string labelSelector) =>
        (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: labelSelector)).Items;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        Client?.Dispose();

        // KubernetesClient's WatchList*Async leaves a cancelled watch's response stream to the finalizer; until it runs
        // the stream stays open and the API server's graceful shutdown waits 30 s for it.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
