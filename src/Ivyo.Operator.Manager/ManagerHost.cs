using Ivyo.ControllerRuntime.Metrics;
using Ivyo.Operator.Controllers.Hosting;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Ivyo.Operator.Manager;

/// <summary>
/// One operator process: the <see cref="OperatorRuntime"/> and its HTTP endpoints. <c>/healthz</c> answers while the
/// process runs; <c>/readyz</c> once every informer has synced (a standby is ready too: it has warm caches and takes
/// over the moment it wins the lease); <c>/metrics</c> serves the runtime's instruments and .NET's process statistics
/// in Prometheus' text format, from a registry of this host's own.
/// </summary>
public sealed class ManagerHost : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly OperatorRuntime _runtime;
    private readonly IDisposable _meterAdapter;
    private readonly ControllerRuntimeMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;
    private int _disposed;

    private ManagerHost(WebApplication web, OperatorRuntime runtime, IDisposable meterAdapter, ControllerRuntimeMetrics metrics)
    {
        _web = web;
        _runtime = runtime;
        _meterAdapter = meterAdapter;
        _metrics = metrics;
    }

    /// <summary>The operator inside this host.</summary>
    public OperatorRuntime Runtime => _runtime;

    /// <summary>The address the HTTP endpoints listen on, with the port actually bound.</summary>
    public string HttpAddress => _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Stops the operator; <see cref="Completion"/> then completes.</summary>
    public Task StopAsync() => _stopping.CancelAsync();

    /// <summary>Completes when the operator stops: cancelled, or its lease lost (<see cref="LeadershipLostException"/>).</summary>
    public Task Completion => _running ?? Task.CompletedTask;

    public static async Task<ManagerHost> StartAsync(ManagerSettings settings, Kubernetes client, Action<ILoggingBuilder> configureLogging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Probes and scrapes every few seconds are not news.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureLogging(builder.Logging);
        builder.WebHost.UseUrls(settings.HttpAddress);
        var web = builder.Build();

        var registry = Metrics.NewCustomRegistry();
        var metrics = new ControllerRuntimeMetrics();
        // This operator's own meter, not every meter of that name: a process that hosts several operators (the
        // controller tests, the bench) would otherwise add their queues and reconciles into one series.
        var meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter),
        });
        DotNetStats.Register(registry);
        var runtime = new OperatorRuntime(client, settings.Operator, web.Services.GetRequiredService<ILoggerFactory>(), metrics);

        web.MapGet("/healthz", () => Results.Text("ok"));
        web.MapGet("/readyz", () => runtime.IsReady ? Results.Text("ok") : Results.Text("informers not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        web.MapMetrics("/metrics", registry);

        await web.StartAsync().ConfigureAwait(false);
        var host = new ManagerHost(web, runtime, meterAdapter, metrics);
        host._running = Task.Run(() => runtime.RunAsync(host._stopping.Token));
        return host;
    }

    /// <summary>Stops the operator (releasing the lease if held) and the HTTP endpoints.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _web.StopAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
        _runtime.Dispose();
        _meterAdapter.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }
}
