using Ivyo.Certificates;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Http;
using Ivyo.LocalCluster.ApiServer.Lifecycle;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Security;
using Ivyo.LocalCluster.ApiServer.Strategies;
using Ivyo.LocalCluster.Auth;
using Ivyo.LocalCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Hosting;

/// <summary>
/// A running API server: HTTPS on Kestrel with the cluster CA, client certificates and bearer tokens, serving the
/// Kubernetes API over an <see cref="IObjectStore"/>. Tests start one on a free port in milliseconds (the envtest);
/// <c>ivyo local</c> runs one over etcd.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsStore;
    private LifecycleControllers? _lifecycle;
    private Nodes.KubeletConnector? _kubelets;

    private ApiServer(
        WebApplication app, IObjectStore store, bool ownsStore, ClusterCredentials credentials, Uri url, ResourceTable table, ServiceAccountTokenIssuer tokens)
    {
        Tokens = tokens;
        _app = app;
        Store = store;
        _ownsStore = ownsStore;
        Credentials = credentials;
        Url = url;
        Resources = table;
    }

    public Uri Url { get; }

    public IObjectStore Store { get; }

    public ClusterCredentials Credentials { get; }

    public ResourceTable Resources { get; }

    /// <summary>Issues ServiceAccount tokens the server accepts (for tests and the node agent).</summary>
    public ServiceAccountTokenIssuer Tokens { get; }

    /// <summary>The admin kubeconfig (user <c>kubernetes-admin</c>, group <c>system:masters</c>).</summary>
    public string AdminKubeconfig => Kubeconfig.Admin(Url.ToString().TrimEnd('/'), Credentials);

    /// <summary>A KubernetesClient with the admin credentials, read from <see cref="AdminKubeconfig"/> as kubectl would.</summary>
    public async Task<k8s.Kubernetes> CreateAdminClientAsync()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(AdminKubeconfig));
        return new k8s.Kubernetes(await k8s.KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }

    public static async Task<ApiServer> StartAsync(ApiServerOptions options, CancellationToken cancellationToken = default)
    {
        var credentials = ClusterCredentials.Create(options.Time.GetUtcNow(), options.ExtraServingAddresses);
        var store = options.Store ?? new MemoryObjectStore();
        var table = new ResourceTable();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is { } loggers)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = HttpJson.MaxTransportBytes;
            kestrel.Listen(options.Address, options.Port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = credentials.ServingCertificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => CertificateChains.ChainsTo(certificate, credentials.Authority.Certificate);
            }));
        });
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();

        var app = builder.Build();
        var builtInSchemas = new BuiltInSchemas();
        var objects = new ObjectService(store, new BuiltInStrategy(new ClusterIpAllocator(store), builtInSchemas, new ServiceAccountAdmission(store)), options.Time)
        {
            ListTypes = table.ListTypes,
        };
        var kubelets = new Nodes.KubeletConnector(table, objects, credentials);
        var resources = new ResourceHandler(table, objects, new PatchApplier(), new TablePrinter(), kubelets, options.Time,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ResourceHandler>());
        var policy = new RbacPolicyCache(store);
        var serviceAccountKey = ServiceAccountKey.GenerateEcdsa();
        var tokenIssuer = new ServiceAccountTokenIssuer(serviceAccountKey, options.Time);
        var authenticator = new Authenticator(new ClientCertificateAuthenticator(),
            new ServiceAccountTokenValidator([serviceAccountKey], new StoreTokenObjects(store, options.Time), options.Time));
        var reviews = new AccessReviewHandler(policy, tokenIssuer, objects, table);
        var router = new RequestRouter(table, resources, new NonResourceHandler(table, new OpenApi.OpenApiDocuments(table, builtInSchemas)), reviews, authenticator, policy);
        app.UseWebSockets();
        app.Run(router.HandleAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = options.Address.Equals(IPAddress.Any) ? "127.0.0.1" : options.Address.ToString();
        var url = new Uri($"https://{host}:{port}/");
        await Bootstrap.RunAsync(objects, table, options.Advertise is { } advertise ? new Uri($"https://{advertise}/") : url, cancellationToken);
        var lifecycle = new LifecycleControllers(objects, table, credentials.Authority.CertificatePem, options.Time, app.Services.GetRequiredService<ILoggerFactory>());
        lifecycle.Start();
        return new ApiServer(app, store, options.Store is null, credentials, url, table, tokenIssuer) { _lifecycle = lifecycle, _kubelets = kubelets };
    }


    public async ValueTask DisposeAsync()
    {
        if (_lifecycle is not null)
        {
            await _lifecycle.DisposeAsync();
        }

        // Open watches and exec streams are cut after a short grace instead of Kestrel's 30 s wait: clients reconnect.
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(grace.Token);
        }

        await _app.DisposeAsync();
        _kubelets?.Dispose();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }

        Credentials.Dispose();
    }
}
