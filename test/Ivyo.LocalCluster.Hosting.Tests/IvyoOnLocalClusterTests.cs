using System.Diagnostics;
using Ivyo.LocalCluster.Hosting;

namespace Ivyo.LocalCluster.Hosting.Tests;

/// <summary>
/// IVYO as a user installs it on the local cluster: <c>kubectl apply -k config/local</c> runs the operator as two pods
/// (one leads), and the tutorial's <c>hippo</c> comes up with real Patroni and PostgreSQL: two instances, one the
/// Patroni leader, the cluster Ready. Deleting <c>hippo-primary</c> (the tutorial's Test #1) brings it back.
/// </summary>
public sealed class IvyoOnLocalClusterTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-e2e-").FullName;
    private readonly string _network = "ivyo-e" + Guid.NewGuid().ToString("N")[..8];
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new LocalClusterOptions
    {
        DataDirectory = _data,
        Port = 0,
        NetworkName = _network,
        Nodes = 3,
        OperatorDll = Path.Combine(AppContext.BaseDirectory, "ivyo-operator.dll"),
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Kubectl.RunAsync(_cluster.KubeconfigPath, args);

    [Fact]
    public async Task The_operator_runs_as_pods_and_brings_hippo_up_with_a_patroni_leader()
    {
        var installed = await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("config", "local"));
        Assert.True(installed.ExitCode == 0, installed.Error);
        var rollout = await Kubectl.RunAsync(_cluster.KubeconfigPath, ["rollout", "status", "deployment/ivyo", "-n", "ivory-operator", "--timeout=170s"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(rollout.ExitCode == 0, rollout.Output + rollout.Error);

        var applied = await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"));
        Assert.True(applied.ExitCode == 0, applied.Error);
        await UntilAsync(async () => (await KubectlAsync("get", "ivorycluster", "hippo", "-n", "ivory-operator",
            "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Output == "True", "hippo is Ready", TimeSpan.FromMinutes(4));

        var roles = await KubectlAsync("get", "pods", "-n", "ivory-operator", "-l", "ivory-operator.ivorysql.org/instance",
            "-o", "jsonpath={range .items[*]}{.metadata.labels.ivory-operator\\.ivorysql\\.org/role}{\"\\n\"}{end}");
        Assert.Equal(["master", "replica"], roles.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        // The tutorial's Test #1: the primary Service comes back on its own.
        var before = (await KubectlAsync("get", "service", "hippo-primary", "-n", "ivory-operator", "-o", "jsonpath={.metadata.uid}")).Output;
        Assert.Equal(0, (await KubectlAsync("delete", "service", "hippo-primary", "-n", "ivory-operator")).ExitCode);
        await UntilAsync(async () =>
        {
            var now = await KubectlAsync("get", "service", "hippo-primary", "-n", "ivory-operator", "-o", "jsonpath={.metadata.uid}");
            return now.ExitCode == 0 && now.Output.Length > 0 && now.Output != before;
        }, "hippo-primary is back", TimeSpan.FromSeconds(30));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout} waiting until {what}.");
            await Task.Delay(500);
        }
    }
}
