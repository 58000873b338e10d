using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.Manifests;
using Ivyo.Operator.Controllers.Hosting;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Manager;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>
/// An in-process local API server with IVYO installed from <c>config/</c>: the CRD, the <c>ivory-operator</c>
/// namespace, the <c>ivyo</c> ServiceAccount and the ClusterRole and binding. Operators started here run as that
/// ServiceAccount, with a token from the TokenRequest API, so every request they make is authorized by the RBAC the
/// install ships.
/// </summary>
public sealed class OperatorEnvironment : IAsyncDisposable
{
    public const string OperatorNamespace = IvyoInstall.OperatorNamespace;
    public static readonly ResourceType Clusters = new(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, true);

    private readonly List<RunningOperator> _operators = [];

    private OperatorEnvironment(ApiServer server, Kubernetes admin)
    {
        Server = server;
        Admin = admin;
        AdminResources = new ResourceClient(admin);
    }

    public ApiServer Server { get; }

    public Kubernetes Admin { get; }

    public ResourceClient AdminResources { get; }

    /// <summary>
    /// Starts the server and installs IVYO; <paramref name="rules"/> may change the ClusterRole's rules (the RBAC tests
    /// remove one).
    /// </summary>
    public static async Task<OperatorEnvironment> StartAsync(Func<IList<V1PolicyRule>, IList<V1PolicyRule>>? rules = null)
    {
        var server = await ApiServer.StartAsync(new ApiServerOptions());
        var admin = await server.CreateAdminClientAsync();
        var environment = new OperatorEnvironment(server, admin);
        try
        {
            await environment.InstallAsync(rules);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }

        return environment;
    }

    private Task InstallAsync(Func<IList<V1PolicyRule>, IList<V1PolicyRule>>? rules) => IvyoInstall.InstallAsync(Admin, rules, CancellationToken.None);

    /// <summary>The rules of the shipped ClusterRole.</summary>
    public static IList<V1PolicyRule> ShippedRules() => IvyoInstall.ShippedRules();

    public Task CreateNamespaceAsync(string name) =>
        Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    /// <summary>Starts an operator as the <c>ivyo</c> ServiceAccount; it is stopped with the environment.</summary>
    public async Task<RunningOperator> StartOperatorAsync(Func<OperatorOptions, OperatorOptions>? configure = null, IDictionary<string, string>? environment = null)
    {
        var log = new RequestLog();
        var client = await IvyoInstall.ServiceAccountClientAsync(Admin, Server.Url, Server.Credentials.Authority.Certificate, log, CancellationToken.None);

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RELATED_IMAGE_PGBOUNCER"] = "docker.io/ivorysql/pgbouncer:ubi9-1.23.0-5.4-1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var options = new OperatorOptions
        {
            Reconciler = new IvoryClusterReconcilerOptions { Environment = name => variables.GetValueOrDefault(name) },
        };
        var settings = new ManagerSettings(configure is null ? options : configure(options), "http://127.0.0.1:0");
        var host = await ManagerHost.StartAsync(settings, client, logging =>
        {
            if (Environment.GetEnvironmentVariable("IVYO_TEST_LOGS") == "1")
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
        });
        var running = new RunningOperator(host, client, log);
        _operators.Add(running);
        return running;
    }

    /// <summary>Creates an IvoryCluster from a manifest (YAML) in <paramref name="ns"/>.</summary>
    public Task<JsonObject> CreateClusterAsync(string ns, string yaml)
    {
        var cluster = ManifestLoader.Parse(yaml, "test manifest").Single().Object;
        cluster["metadata"]!["namespace"] = ns;
        return AdminResources.CreateAsync(Clusters, cluster, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _operators)
        {
            await running.DisposeAsync();
        }

        Admin.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An operator process started by <see cref="OperatorEnvironment"/>, with the log of its requests.</summary>
public sealed class RunningOperator(ManagerHost host, Kubernetes client, RequestLog log) : IAsyncDisposable
{
    private int _stopped;

    public ManagerHost Host => host;

    public RequestLog Log => log;

    public OperatorRuntime Runtime => host.Runtime;

    public string HttpAddress => host.HttpAddress;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await host.DisposeAsync();
            client.Dispose();
        }
    }
}

/// <summary>Manifests for the tests.</summary>
public static class TestManifests
{
    /// <summary>The repository's <c>examples/kustomize/ivory/ivory.yaml</c> (the tutorial's hippo).</summary>
    public static string Hippo() => File.ReadAllText(RepositoryFiles.PathOf("examples", "kustomize", "ivory", "ivory.yaml"));

    /// <summary>
    /// A cluster with an object of every kind IVYO owns: two instances (a PodDisruptionBudget), PgBouncer (a
    /// Deployment), a backup schedule (a CronJob).
    /// </summary>
    public static string Everything(string name = "hippo") => $"""
        apiVersion: ivory-operator.ivorysql.org/v1beta1
        kind: IvoryCluster
        metadata:
          name: {name}
        spec:
          image: docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1
          postgresVersion: 15
          instances:
          - name: instance1
            replicas: 2
            dataVolumeClaimSpec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
          proxy:
            pgBouncer:
              replicas: 1
          backups:
            pgbackrest:
              image: docker.io/ivorysql/pgbackrest:ubi9-2.58.0-5.4-1
              repos:
              - name: repo1
                schedules:
                  full: "0 1 * * 0"
                volume:
                  volumeClaimSpec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
        """;
}
