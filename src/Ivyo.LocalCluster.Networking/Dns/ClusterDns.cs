using System.Diagnostics;
using System.Net;
using Ivyo.ControllerRuntime.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Networking.Dns;

/// <summary>
/// The cluster's DNS server: Debian's dnsmasq, inside the cluster namespace on the gateway's port 53, answering
/// <c>cluster.local</c> names from a hosts file kept in step with Services, Endpoints and Pods (re-read on SIGHUP).
/// It publishes itself as the <c>kube-dns</c> Service at 10.96.0.10, the address in every pod's resolv.conf.
/// Names outside <c>cluster.local</c> are not resolved: the cluster network has no way out.
/// </summary>
public sealed partial class ClusterDns : IAsyncDisposable
{
    public const string ServiceIp = "10.96.0.10";

    private readonly ClusterNetwork _network;
    private readonly Kubernetes _client;
    private readonly string _hostsFile;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly Informer<V1Pod> _pods;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private Process? _dnsmasq;
    private Task _running = Task.CompletedTask;
    private string _written = "";

    private ClusterDns(ClusterNetwork network, Kubernetes client, string directory, ILoggerFactory loggers)
    {
        _network = network;
        _client = client;
        _hostsFile = Path.Combine(directory, "hosts");
        _logger = loggers.CreateLogger<ClusterDns>();
        var informerLogger = loggers.CreateLogger<ResourceInformer>();
        _services = new Informer<V1Service>(client, namespaced: true, logger: informerLogger);
        _endpoints = new Informer<V1Endpoints>(client, namespaced: true, logger: informerLogger);
        _pods = new Informer<V1Pod>(client, namespaced: true, logger: informerLogger);
        foreach (var informer in new[] { _services.Untyped, _endpoints.Untyped, _pods.Untyped })
        {
            informer.AddEventHandler(ResourceEventHandler.ForAll(_ => _changed.Release()));
        }
    }

    /// <summary>Starts dnsmasq and the record sync; <paramref name="directory"/> holds the hosts file.</summary>
    public static async Task<ClusterDns> StartAsync(ClusterNetwork network, Kubernetes client, string directory, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var dns = new ClusterDns(network, client, directory, loggers);
        await File.WriteAllTextAsync(dns._hostsFile, DnsRecords.Render([], new Dictionary<(string, string), V1Endpoints>(), []), cancellationToken);
        var startInfo = new ProcessStartInfo(network.Tools.Ip) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "netns", "exec", network.Name, "/usr/sbin/dnsmasq",
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--user=root", "--pid-file=",
            "--bind-interfaces", $"--listen-address={ClusterNetwork.Gateway}", "--port=53",
            $"--addn-hosts={dns._hostsFile}", $"--local=/{DnsRecords.Domain}/", "--domain-needed", "--log-facility=-"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        dns._dnsmasq = Process.Start(startInfo) ?? throw new InvalidOperationException("dnsmasq did not start");
        dns._dnsmasq.ErrorDataReceived += (_, _) => { };
        dns._dnsmasq.OutputDataReceived += (_, _) => { };
        dns._dnsmasq.BeginErrorReadLine();
        dns._dnsmasq.BeginOutputReadLine();
        await dns.PublishAsync(cancellationToken);
        var token = dns._stop.Token;
        dns._running = Task.WhenAll(dns._services.RunAsync(token), dns._endpoints.RunAsync(token), dns._pods.RunAsync(token), Task.Run(() => dns.SyncAsync(token), token));
        return dns;
    }

    /// <summary>The records last written (for diagnostics and tests).</summary>
    public string Records => Volatile.Read(ref _written);

    /// <summary>The <c>kube-dns</c> Service and its Endpoints at the gateway, as a cluster's DNS add-on has them.</summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns", ["kubernetes.io/name"] = "CoreDNS" };
        try
        {
            await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "kube-dns", Labels = labels },
                Spec = new V1ServiceSpec
                {
                    ClusterIP = ServiceIp,
                    Ports =
                    [
                        new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 53 },
                        new V1ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 53 },
                    ],
                },
            }, "kube-system", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
        }

        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", Labels = labels },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = ClusterNetwork.Gateway.ToString() }],
                    Ports = [new Corev1EndpointPort { Name = "dns", Port = 53, Protocol = "UDP" }, new Corev1EndpointPort { Name = "dns-tcp", Port = 53, Protocol = "TCP" }],
                },
            ],
        };
        try
        {
            await _client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, "kube-system", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _changed.WaitAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(cancellationToken);
            }

            if (!_services.HasSynced || !_endpoints.HasSynced || !_pods.HasSynced)
            {
                continue;
            }

            var records = DnsRecords.Render(_services.List(), _endpoints.List().ToDictionary(e => (e.Metadata.NamespaceProperty, e.Metadata.Name)), _pods.List());
            if (records == _written)
            {
                continue;
            }

            var temporary = _hostsFile + ".tmp";
            await File.WriteAllTextAsync(temporary, records, cancellationToken);
            File.Move(temporary, _hostsFile, overwrite: true);
            // dnsmasq re-reads --addn-hosts files on SIGHUP.
            if (_dnsmasq is { HasExited: false } dnsmasq && !Signal(dnsmasq.Id))
            {
                ClusterDnsLog.ReloadFailed(_logger, dnsmasq.Id);
            }

            Volatile.Write(ref _written, records);
        }
    }

    private static bool Signal(int processId) => kill(processId, SignalHangUp) == 0;

    private const int SignalHangUp = 1;

    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

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

        if (_dnsmasq is not null)
        {
            if (!_dnsmasq.HasExited)
            {
                _dnsmasq.Kill(entireProcessTree: true);
            }

            await _dnsmasq.WaitForExitAsync();
            _dnsmasq.Dispose();
        }

        _stop.Dispose();
    }
}

internal static partial class ClusterDnsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "dnsmasq {ProcessId} did not take the signal to reload its records")]
    public static partial void ReloadFailed(ILogger logger, int processId);
}
