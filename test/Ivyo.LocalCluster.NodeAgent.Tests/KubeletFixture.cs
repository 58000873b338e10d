using System.Net;
using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.NodeAgent.KubeletApi;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests;

/// <summary>
/// An API server and one node's kubelet API, with a Node object that advertises it, and pods whose containers run
/// as real processes: what <c>kubectl exec</c> and <c>kubectl logs</c> go through on the local cluster. The pods'
/// containers are started here; the node agent's pod sync (next step) will start them from the pod specs.
/// </summary>
public sealed class KubeletFixture : IAsyncLifetime
{
    public const string Node = "node-1";

    private readonly NamespaceTools _tools = new();
    private readonly List<IAsyncDisposable> _running = [];
    private readonly Dictionary<(string Namespace, string Pod), PodSandbox> _sandboxes = [];
    private int _attempts;
    private readonly string _logs = Directory.CreateTempSubdirectory("ivyo-kubelet-").FullName;

    public ApiServer.Hosting.ApiServer Server { get; private set; } = null!;

    public KubeletServer Kubelet { get; private set; } = null!;

    public ContainerDirectory Containers { get; } = new();

    public Kubernetes Client { get; private set; } = null!;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"ivyo-kubelet-{Guid.NewGuid():N}.kubeconfig");

    public async Task InitializeAsync()
    {
        Namespaces.Require();
        Server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        await File.WriteAllTextAsync(KubeconfigPath, Server.AdminKubeconfig);
        Client = await Server.CreateAdminClientAsync();
        Kubelet = await KubeletServer.StartAsync(new KubeletServerOptions
        {
            ServingCertificate = Server.Credentials.IssueKubeletServing(Node, [], DateTimeOffset.UtcNow),
            ClientAuthority = Server.Credentials.Authority.Certificate,
            Containers = Containers,
        });
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = Node } });
        var node = await Client.CoreV1.ReadNodeAsync(Node);
        node.Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = IPAddress.Loopback.ToString() }, new V1NodeAddress { Type = "Hostname", Address = Node }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = Kubelet.Port } },
        };
        await Client.CoreV1.ReplaceNodeStatusAsync(node, Node);
    }

    /// <summary>Creates the pod on this node and starts each container's script in the pod's sandbox.</summary>
    public async Task RunPodAsync(string ns, string pod, params (string Container, string Script)[] containers)
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = pod },
            Spec = new V1PodSpec
            {
                NodeName = Node,
                Containers = [.. containers.Select(c => new V1Container { Name = c.Container, Image = "debian:12", Command = ["/bin/sh", "-c", c.Script] })],
            },
        }, ns);
        var sandbox = await PodSandbox.StartAsync(_tools, pod, CancellationToken.None);
        _running.Add(sandbox);
        _sandboxes[(ns, pod)] = sandbox;
        foreach (var (name, script) in containers)
        {
            await StartContainerAsync(ns, pod, name, script);
        }
    }

    /// <summary>What the kubelet does when a container exited and its restart policy starts it again.</summary>
    public async Task RestartContainerAsync(string ns, string pod, string container, string script)
    {
        Containers.Exited(ns, pod, container);
        await StartContainerAsync(ns, pod, container, script);
    }

    private async Task StartContainerAsync(string ns, string pod, string name, string script)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        var process = await ContainerProcess.StartAsync(_tools, _sandboxes[(ns, pod)], new ContainerCommand(["/bin/sh", "-c", script], new Dictionary<string, string>()),
            Path.Combine(_logs, $"{ns}_{pod}_{name}_{attempt}.log"), shareProcessNamespace: false, TimeProvider.System, CancellationToken.None);
        _running.Insert(0, process);
        Containers.Register(ns, pod, name, process);
    }

    public async Task<string> NamespaceAsync()
    {
        var name = "k-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<(int ExitCode, string Output, string Error)> KubectlWithInputAsync(string input, params string[] args) =>
        Ivyo.Testing.Kubectl.RunAsync(KubeconfigPath, args, input);

    public Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) =>
        Ivyo.Testing.Kubectl.RunAsync(KubeconfigPath, args);

    public async Task DisposeAsync()
    {
        foreach (var running in _running)
        {
            await running.DisposeAsync();
        }

        Client?.Dispose();
        if (Kubelet is not null)
        {
            await Kubelet.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
        Directory.Delete(_logs, recursive: true);
    }
}
