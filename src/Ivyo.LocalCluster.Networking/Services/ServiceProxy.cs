using Ivyo.ControllerRuntime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Networking.Services;

/// <summary>
/// The local cluster's kube-proxy: follows Services and Endpoints and keeps the cluster network's nftables Service
/// rules in step, re-rendering the table after each burst of changes.
/// </summary>
public sealed class ServiceProxy : IAsyncDisposable
{
    private readonly ClusterNetwork _network;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Task _running;
    private string _applied = "";

    public ServiceProxy(ClusterNetwork network, Kubernetes client, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _network = network;
        _logger = loggers.CreateLogger<ServiceProxy>();
        _services = new Informer<V1Service>(client, namespaced: true, logger: loggers.CreateLogger<ResourceInformer>(), time: time);
        _endpoints = new Informer<V1Endpoints>(client, namespaced: true, logger: loggers.CreateLogger<ResourceInformer>(), time: time);
        _services.AddEventHandler(new ResourceEventHandler<V1Service> { Added = _ => Changed(), Updated = (_, _) => Changed(), Deleted = _ => Changed() });
        _endpoints.AddEventHandler(new ResourceEventHandler<V1Endpoints> { Added = _ => Changed(), Updated = (_, _) => Changed(), Deleted = _ => Changed() });
        var token = _stop.Token;
        _running = Task.WhenAll(_services.RunAsync(token), _endpoints.RunAsync(token), Task.Run(() => SyncAsync(token), token));
    }

    /// <summary>Completes once the rules reflect everything listed at start.</summary>
    public async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        await _services.WaitForSyncAsync(cancellationToken);
        await _endpoints.WaitForSyncAsync(cancellationToken);
        Changed();
    }

    /// <summary>The rules last applied (for diagnostics and tests).</summary>
    public string AppliedRules => Volatile.Read(ref _applied);

    private void Changed() => _changed.Release();

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _changed.WaitAsync(cancellationToken);
            // A short pause gathers a burst of changes into one transaction, as kube-proxy's min-sync-period does.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(cancellationToken);
            }

            if (!_services.HasSynced || !_endpoints.HasSynced)
            {
                continue;
            }

            var endpoints = _endpoints.List().ToDictionary(e => (e.Metadata.NamespaceProperty, e.Metadata.Name));
            var rules = ServiceRules.Render(_services.List(), endpoints);
            if (rules == _applied)
            {
                continue;
            }

            try
            {
                await _network.NftAsync(rules, cancellationToken);
                Volatile.Write(ref _applied, rules);
            }
            catch (Namespaces.NetworkCommandException e)
            {
                ServiceProxyLog.ApplyFailed(_logger, e);
                Changed();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

internal static partial class ServiceProxyLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying the Service rules failed; retrying")]
    public static partial void ApplyFailed(ILogger logger, Exception exception);
}
