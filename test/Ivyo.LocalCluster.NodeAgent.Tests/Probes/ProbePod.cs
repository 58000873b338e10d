using Ivyo.LocalCluster.NodeAgent.Probes;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>
/// A real pod sandbox with one sleeping container to probe, and a directory the container sees (the host's filesystem)
/// where tests create and remove files that exec probes test for. Disposing stops the container and the sandbox.
/// </summary>
internal sealed class ProbePod : IAsyncDisposable
{
    private readonly NamespaceTools _tools = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("ivyo-probes-").FullName;
    private PodSandbox? _sandbox;
    private ContainerProcess? _container;

    private ProbePod()
    {
    }

    public PodSandbox Sandbox => _sandbox!;

    public ContainerProcess Container => _container!;

    public PodNetwork Network => PodNetwork.Of(Sandbox);

    /// <summary>A path the container sees as the host does.</summary>
    public string Marker(string name) => Path.Combine(_directory, name);

    public static async Task<ProbePod> StartAsync(string name = "probed-0")
    {
        Namespaces.Require();
        var pod = new ProbePod();
        try
        {
            pod._sandbox = await PodSandbox.StartAsync(pod._tools, name, CancellationToken.None);
            pod._container = await ContainerProcess.StartAsync(pod._tools, pod._sandbox,
                new ContainerCommand(["/bin/sh", "-c", "exec sleep 100000"], new Dictionary<string, string> { ["GREETING"] = "hello" }),
                Path.Combine(pod._directory, "container.log"), shareProcessNamespace: false, TimeProvider.System, CancellationToken.None);
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    public ProbeTarget Target(V1Container container) => new(container, Container, Network);

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
