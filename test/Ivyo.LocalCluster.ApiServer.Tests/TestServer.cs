using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;
using k8s;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>An API server on a free loopback port over the in-memory store, and a client with the admin credentials.</summary>
public sealed class TestServer : IAsyncLifetime, IAsyncDisposable
{
    public Hosting.ApiServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The admin kubeconfig, written to a temporary file for kubectl.</summary>
    public string KubeconfigPath { get; private set; } = "";

    private EtcdProcess? _etcd;
    private string? _etcdData;

    /// <summary>Serve over a private etcd instead of the in-memory store.</summary>
    public bool UseEtcd { get; init; }

    /// <summary>A store of the test's own, such as a memory store with a short history.</summary>
    public IObjectStore? Store { get; init; }

    public async Task InitializeAsync()
    {
        var store = Store;
        if (UseEtcd)
        {
            _etcdData = Path.Combine(Path.GetTempPath(), "ivyo-etcd-" + Guid.NewGuid().ToString("N"));
            _etcd = await EtcdProcess.StartAsync(_etcdData);
            store = await EtcdObjectStore.ConnectAsync(_etcd.ClientUrl, CancellationToken.None);
        }

        Server = await Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = store });
        KubeconfigPath = Path.Combine(Path.GetTempPath(), $"ivyo-apiserver-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(KubeconfigPath, Server.AdminKubeconfig);
        Client = await Server.CreateAdminClientAsync();
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
        if (UseEtcd)
        {
            await Server.Store.DisposeAsync();
            await _etcd!.DisposeAsync();
            Directory.Delete(_etcdData!, recursive: true);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
