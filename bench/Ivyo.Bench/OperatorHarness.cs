using System.Diagnostics;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.Manifests;
using Ivyo.Operator.Controllers.Hosting;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Manager;
using Ivyo.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.Bench;

/// <summary>
/// An in-process local API server over the in-memory store with IVYO installed from <c>config/</c> (the CRD, the
/// <c>ivory-operator</c> namespace, the <c>ivyo</c> ServiceAccount, its ClusterRole and binding), and the operator
/// process (<see cref="ManagerHost"/>) running as that ServiceAccount with a <see cref="RequestCounter"/>: the tests'
/// <c>OperatorEnvironment</c>, reduced to what the benchmark needs.
/// </summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    public const string OperatorNamespace = IvyoInstall.OperatorNamespace;
    public static readonly ResourceType Clusters = new(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, true);

    private OperatorHarness(ApiServer server, Kubernetes admin)
    {
        Server = server;
        Admin = admin;
        AdminResources = new ResourceClient(admin);
    }

    public ApiServer Server { get; }

    public Kubernetes Admin { get; }

    public ResourceClient AdminResources { get; }

    public static async Task<OperatorHarness> StartAsync(CancellationToken cancellationToken)
    {
        var server = await ApiServer.StartAsync(new ApiServerOptions(), cancellationToken);
        var harness = new OperatorHarness(server, await server.CreateAdminClientAsync());
        try
        {
            await harness.InstallAsync(cancellationToken);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>The repository's <c>examples/kustomize/ivory/ivory.yaml</c> (the tutorial's hippo).</summary>
    public static JsonObject Hippo() =>
        ManifestLoader.LoadFile(RepositoryFiles.PathOf("examples", "kustomize", "ivory", "ivory.yaml")).Single().Object;

    public Task CreateNamespaceAsync(string name, CancellationToken cancellationToken) =>
        Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);

    /// <summary>Creates a copy of <paramref name="manifest"/> named <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public Task<JsonObject> CreateClusterAsync(JsonObject manifest, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var cluster = manifest.DeepClone().AsObject();
        cluster["metadata"]!["name"] = name;
        cluster["metadata"]!["namespace"] = ns;
        return AdminResources.CreateAsync(Clusters, cluster, cancellationToken);
    }

    /// <summary>
    /// Starts the operator as the <c>ivyo</c> ServiceAccount, with leader election in its namespace (so its Lease
    /// renewals are part of what is counted) and its HTTP endpoints on a free port. Warnings go to standard error.
    /// </summary>
    public async Task<BenchOperator> StartOperatorAsync(int workers, CancellationToken cancellationToken)
    {
        var requests = new RequestCounter();
        var client = await IvyoInstall.ServiceAccountClientAsync(Admin, Server.Url, Server.Credentials.Authority.Certificate, requests, cancellationToken);

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RELATED_IMAGE_PGBOUNCER"] = "docker.io/ivorysql/pgbouncer:ubi9-1.23.0-5.4-1",
        };
        var options = new OperatorOptions
        {
            LeaderElectionNamespace = OperatorNamespace,
            Workers = workers,
            Reconciler = new IvoryClusterReconcilerOptions { Environment = name => variables.GetValueOrDefault(name) },
        };
        try
        {
            var host = await ManagerHost.StartAsync(new ManagerSettings(options, "http://127.0.0.1:0"), client, logging => logging
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddFilter("Microsoft", LogLevel.Error)
                .SetMinimumLevel(LogLevel.Warning));
            return new BenchOperator(host, client, requests);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private Task InstallAsync(CancellationToken cancellationToken) => IvyoInstall.InstallAsync(Admin, rules: null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An operator started by <see cref="OperatorHarness"/>, with the count of its requests.</summary>
public sealed class BenchOperator(ManagerHost host, Kubernetes client, RequestCounter requests) : IAsyncDisposable
{
    private int _stopped;

    public RequestCounter Requests => requests;

    /// <summary>Whether every informer has synced and this operator holds the lease.</summary>
    public bool IsReadyAndLeading => host.Runtime.IsReady && host.Runtime.IsLeader;

    /// <summary>The operator's <c>/metrics</c> in Prometheus' text format.</summary>
    public async Task<string> ScrapeMetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(new Uri(host.HttpAddress), "/metrics"), cancellationToken);
    }

    /// <summary>
    /// Waits until the operator has sent no request but leader election's for <paramref name="quiet"/>; false when
    /// <paramref name="timeout"/> passed first.
    /// </summary>
    public async Task<bool> WaitQuietAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        var poll = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, quiet.Ticks / 20));
        while (Stopwatch.GetElapsedTime(requests.LastActivity) < quiet)
        {
            if (waiting.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(poll, cancellationToken);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await host.DisposeAsync();
            client.Dispose();
        }
    }
}
