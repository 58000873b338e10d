using System.Diagnostics;
using Ivyo.LocalCluster.Hosting;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// A local cluster with IVYO installed as a user installs it (<c>kubectl apply -k config/local</c>, two operator
/// pods) and the tutorial's <c>hippo</c> applied from <c>examples/kustomize/ivory</c> and Ready: the shared starting
/// point of the tests that exercise the operator on real Patroni and PostgreSQL. Tests that change hippo wait for
/// what they change, so they do not depend on their order.
/// </summary>
public sealed class HippoOnLocalCluster : IAsyncLifetime
{
    public const string Namespace = "ivory-operator";

    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-e2e-").FullName;
    private readonly string _network = "ivyo-e" + Guid.NewGuid().ToString("N")[..8];

    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataDirectory = _data,
            Port = 0,
            NetworkName = _network,
            Nodes = 3,
            OperatorDll = Path.Combine(AppContext.BaseDirectory, "ivyo-operator.dll"),
        });
        var installed = await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("config", "local"));
        Assert.True(installed.ExitCode == 0, installed.Error);
        var rollout = await Kubectl.RunAsync(Cluster.KubeconfigPath, ["rollout", "status", "deployment/ivyo", "-n", Namespace, "--timeout=170s"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(rollout.ExitCode == 0, rollout.Output + rollout.Error);

        var applied = await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"));
        Assert.True(applied.ExitCode == 0, applied.Error);
        await UntilAsync(async () => await ClusterFieldAsync("{.status.conditions[?(@.type==\"Ready\")].status}") == "True", "hippo is Ready", TimeSpan.FromMinutes(4));
    }

    public async Task DisposeAsync()
    {
        // Null when the cluster itself failed to start; xUnit still disposes the fixture.
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    public Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args) => Kubectl.RunAsync(Cluster.KubeconfigPath, args);

    /// <summary>A jsonpath of the hippo IvoryCluster.</summary>
    public async Task<string> ClusterFieldAsync(string jsonPath) =>
        (await KubectlAsync("get", "ivorycluster", "hippo", "-n", Namespace, "-o", "jsonpath=" + jsonPath)).Output;

    /// <summary>The instance pods by role label (<c>master</c>/<c>primary</c> or <c>replica</c>), name to role.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RolesAsync()
    {
        var pods = await KubectlAsync("get", "pods", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance",
            "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.ivory-operator\\.ivorysql\\.org/role}{\"\\n\"}{end}");
        return pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>Waits until exactly one pod is the primary and the others replicas; returns (primary, replicas).</summary>
    public async Task<(string Primary, IReadOnlyList<string> Replicas)> StableRolesAsync(int instances = 2)
    {
        IReadOnlyDictionary<string, string> roles = new Dictionary<string, string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            roles = await RolesAsync();
            if (roles.Count == instances && roles.Values.Count(role => role is "master" or "primary") == 1 && roles.Values.Count(role => role == "replica") == instances - 1)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2),
                $"hippo never had one primary and {instances - 1} replica(s); last: {string.Join(", ", roles.Select(pair => pair.Key + "=" + pair.Value))}");
            await Task.Delay(500);
        }

        return (roles.Single(pair => pair.Value is "master" or "primary").Key, [.. roles.Where(pair => pair.Value == "replica").Select(pair => pair.Key)]);
    }

    /// <summary>Runs SQL with psql in a pod's database container (as postgres, over the local socket); the unaligned output.</summary>
    public async Task<(int ExitCode, string Output, string Error)> PsqlAsync(string pod, string sql, string? connection = null)
    {
        string[] target = connection is null ? [] : [connection];
        return await KubectlAsync(["exec", "-n", Namespace, pod, "-c", "database", "--", "psql", "-X", "-A", "-t", .. target, "-c", sql]);
    }

    /// <summary>The UIDs of hippo's instance pods.</summary>
    public async Task<string> PodUidsAsync() =>
        (await KubectlAsync("get", "pods", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance",
            "-o", "jsonpath={.items[*].metadata.uid}")).Output;

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout} waiting until {what}.");
            await Task.Delay(500);
        }
    }
}

/// <summary>The test classes that share one <see cref="HippoOnLocalCluster"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class HippoCollection : ICollectionFixture<HippoOnLocalCluster>
{
    public const string Name = "hippo on a local cluster";
}
