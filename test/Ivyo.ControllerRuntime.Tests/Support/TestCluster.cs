using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;
using k8s;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Tests.Support;

/// <summary>A real in-process API server on a free loopback port, and an admin client; disposing stops both.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(ApiServer server, Kubernetes client)
    {
        Server = server;
        Client = client;
    }

    public ApiServer Server { get; }

    public Kubernetes Client { get; }

    public static async Task<TestCluster> StartAsync(IObjectStore? store = null)
    {
        var server = await ApiServer.StartAsync(new ApiServerOptions { Store = store });
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(server.AdminKubeconfig));
        var client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(kubeconfig));
        return new TestCluster(server, client);
    }

    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<V1ConfigMap> CreateConfigMapAsync(string ns, string name, string value = "1", IDictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = new Dictionary<string, string> { ["v"] = value } }, ns);

    public async Task<V1ConfigMap> UpdateConfigMapAsync(string ns, string name, string value)
    {
        var current = await Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns);
        current.Data = new Dictionary<string, string> { ["v"] = value };
        return await Client.CoreV1.ReplaceNamespacedConfigMapAsync(current, name, ns);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
