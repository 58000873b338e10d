using System.Text;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;

namespace Ivyo.LocalCluster.Controllers.Tests.Infrastructure;

/// <summary>An in-process API server, an admin client and a controller manager running the controllers under test.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private ControllerManager? _manager;

    private TestCluster(ApiServer.Hosting.ApiServer server, Kubernetes client, string dataDirectory)
    {
        Server = server;
        Client = client;
        DataDirectory = dataDirectory;
    }

    public ApiServer.Hosting.ApiServer Server { get; }

    public Kubernetes Client { get; }

    /// <summary>A temporary directory for provisioned volumes, removed on dispose.</summary>
    public string DataDirectory { get; }

    public ControllerManager Manager => _manager ?? throw new InvalidOperationException("The controllers are not started.");

    /// <summary>Starts a server and, unless <paramref name="controllers"/> is None, a controller manager.</summary>
    public static async Task<TestCluster> StartAsync(ManagedControllers controllers, Func<ControllerManagerOptions, ControllerManagerOptions>? configure = null)
    {
        var server = await ApiServer.Hosting.ApiServer.StartAsync(new ApiServerOptions());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(server.AdminKubeconfig));
        var client = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
        var data = Path.Combine(Path.GetTempPath(), "ivyo-controllers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var cluster = new TestCluster(server, client, data);
        if (controllers != ManagedControllers.None)
        {
            cluster.StartControllers(controllers, configure);
        }

        return cluster;
    }

    /// <summary>Starts the controller manager (once).</summary>
    public void StartControllers(ManagedControllers controllers, Func<ControllerManagerOptions, ControllerManagerOptions>? configure = null)
    {
        var options = new ControllerManagerOptions
        {
            Controllers = controllers,
            VolumeDataDirectory = DataDirectory,
            LoggerFactory = Environment.GetEnvironmentVariable("IVYO_TEST_LOGS") == "1" ? new ConsoleErrorLoggerFactory() : Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        };
        _manager = ControllerManager.Start(Client, configure is null ? options : configure(options));
    }

    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        Client.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
