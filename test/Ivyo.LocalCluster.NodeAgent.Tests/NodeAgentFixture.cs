using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.NodeAgent.Node;
using Ivyo.LocalCluster.NodeAgent.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// An API server and one real node agent: pods bound to <see cref="Node"/> run as processes. The restart back-off
/// is shortened (200 ms doubling to 1 s) so crash loops show within a test; everything else is the kubelet's.
/// </summary>
public sealed class NodeAgentFixture : IAsyncLifetime
{
    public const string Node = "node-a";

    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-node-").FullName;

    public ApiServer.Hosting.ApiServer Server { get; private set; } = null!;

    public Ivyo.LocalCluster.NodeAgent.Node.NodeAgent Agent { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The API server's store, where a test can arm a storage fault.</summary>
    public FaultInjectingStore Store { get; } = new(new Ivyo.LocalCluster.Storage.MemoryObjectStore());

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"ivyo-node-{Guid.NewGuid():N}.kubeconfig");

    /// <summary>A directory the tests' pods can write through hostPath volumes, to leave evidence that outlives them.</summary>
    public string Evidence => Directory.CreateDirectory(Path.Combine(_data, "evidence")).FullName;

    public async Task InitializeAsync()
    {
        Namespaces.Require();
        Server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = Store });
        await File.WriteAllTextAsync(KubeconfigPath, Server.AdminKubeconfig);
        Client = await Server.CreateAdminClientAsync();
        Agent = await Ivyo.LocalCluster.NodeAgent.Node.NodeAgent.StartAsync(new NodeAgentOptions
        {
            NodeName = Node,
            DataDirectory = Path.Combine(_data, "node"),
            Client = Client,
            ServingCertificate = Server.Credentials.IssueKubeletServing(Node, [], DateTimeOffset.UtcNow),
            ClusterAuthority = Server.Credentials.Authority.Certificate,
            Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-a" },
            Backoff = new RestartBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            Loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging.AddSimpleConsole()),
        });
    }

    public async Task<string> NamespaceAsync()
    {
        var name = "n-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Ivyo.Testing.Kubectl.RunAsync(KubeconfigPath, args);

    public Task<(int ExitCode, string Output, string Error)> ApplyAsync(string manifest) =>
        Ivyo.Testing.Kubectl.RunAsync(KubeconfigPath, ["apply", "-f", "-"], manifest);

    /// <summary>Polls the pod until <paramref name="done"/> holds; fails with the pod's last status.</summary>
    public async Task<V1Pod> WaitForPodAsync(string ns, string name, Func<V1Pod, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        V1Pod? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
                if (done(last))
                {
                    return last;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                last = null;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"pod {ns}/{name} never got there; last status: {KubernetesJson.Serialize(last?.Status)}");
    }

    public async Task DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
        Directory.Delete(_data, recursive: true);
    }
}
