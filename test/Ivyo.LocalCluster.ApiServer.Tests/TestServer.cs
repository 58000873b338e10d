using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using k8s;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>An API server on a free loopback port over the in-memory store, and a client with the admin credentials.</summary>
public sealed class TestServer : IAsyncLifetime, IAsyncDisposable
{
    public Hosting.ApiServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The admin kubeconfig, written to a temporary file for kubectl.</summary>
    public string KubeconfigPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await Hosting.ApiServer.StartAsync(new ApiServerOptions());
        KubeconfigPath = Path.Combine(Path.GetTempPath(), $"ivyo-apiserver-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(KubeconfigPath, Server.AdminKubeconfig);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Server.AdminKubeconfig));
        Client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }

    private bool _disposed;

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        File.Delete(KubeconfigPath);
        await Server.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
