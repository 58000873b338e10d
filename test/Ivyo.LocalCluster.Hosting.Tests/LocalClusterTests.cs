using Ivyo.LocalCluster.Hosting;

namespace Ivyo.LocalCluster.Hosting.Tests;

/// <summary>
/// The whole local cluster, as <c>ivyo local up</c> runs it, driven with real kubectl: a StatefulSet with required
/// anti-affinity lands one pod per node with bound volumes; pods find each other by DNS and reach the API server
/// through the <c>kubernetes</c> Service; a deleted pod comes back with its data; stopping leaves nothing behind.
/// </summary>
public sealed class LocalClusterTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-local-").FullName;
    private readonly string _network = "ivyo-l" + Guid.NewGuid().ToString("N")[..8];
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The local cluster runs pods in Linux namespaces and must run as root (CI does).");
        }

        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { DataDirectory = _data, Port = 0, NetworkName = _network, Nodes = 3 });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Assert.False(File.Exists("/run/netns/" + _network), "the cluster's network namespace outlived it");
        Directory.Delete(_data, recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Kubectl.RunAsync(_cluster.KubeconfigPath, args);

    [Fact]
    public async Task A_stateful_set_spreads_over_the_nodes_and_its_pods_talk_by_name_and_to_the_api()
    {
        var applied = await Kubectl.RunAsync(_cluster.KubeconfigPath, ["apply", "-f", "-"], """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              clusterIP: None
              selector: {app: web}
              ports: [{port: 80}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              serviceName: web
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 2
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - labelSelector: {matchLabels: {app: web}}
                        topologyKey: kubernetes.io/hostname
                  containers:
                  - name: main
                    image: debian:12
                    command: [bash, -c, 'echo started on $(hostname); exec sleep infinity']
                    volumeMounts: [{name: data, mountPath: /data}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """);
        Assert.True(applied.ExitCode == 0, applied.Error);

        var rolledOut = await KubectlAsync("rollout", "status", "statefulset/web", "--timeout=120s");
        Assert.True(rolledOut.ExitCode == 0, rolledOut.Output + rolledOut.Error);
        var nodes = await KubectlAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}");
        Assert.Equal(["node-1", "node-2", "node-3"], nodes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        var claims = await KubectlAsync("get", "pvc", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}");
        Assert.Equal("data-web-0=Bound data-web-1=Bound data-web-2=Bound ", claims.Output);

        var resolved = await KubectlAsync("exec", "web-0", "--", "getent", "hosts", "web-2.web");
        var web2 = await KubectlAsync("get", "pod", "web-2", "-o", "jsonpath={.status.podIP}");
        Assert.StartsWith(web2.Output + " ", resolved.Output, StringComparison.Ordinal);

        // In-cluster credentials and the kubernetes Service: kubectl inside the pod reaches the API server.
        var inCluster = await KubectlAsync("exec", "web-0", "--", "kubectl", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.True(inCluster.ExitCode == 0, inCluster.Error);
        Assert.Equal("system:serviceaccount:default:default", inCluster.Output);

        Assert.Equal(0, (await KubectlAsync("exec", "web-1", "--", "bash", "-c", "echo kept > /data/file")).ExitCode);
        Assert.Equal(0, (await KubectlAsync("delete", "pod", "web-1", "--timeout=60s")).ExitCode);
        Assert.Equal(0, (await KubectlAsync("wait", "--for=condition=Ready", "pod/web-1", "--timeout=60s")).ExitCode);
        Assert.Equal("kept\n", (await KubectlAsync("exec", "web-1", "--", "cat", "/data/file")).Output);
    }
}
