using System.Diagnostics;
using Ivyo.LocalCluster.Hosting;
using k8s;
using Microsoft.Extensions.Logging;

using Cluster = Ivyo.LocalCluster.Hosting.LocalCluster;

namespace Ivyo.Bench;

/// <summary>
/// A real local cluster for a benchmark, as the hosting tests start one: <see cref="Cluster.StartAsync"/> with real node
/// agents (pods are processes in Linux namespaces, so this needs root), the API server on a free loopback port, a
/// network namespace of its own name and a temporary data directory. Disposing it stops every pod, removes the network
/// namespace (the cluster's own shutdown) and deletes the data directory. The cluster's warnings go to standard error.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly string _data;
    private readonly TextWriter _progress;

    private BenchCluster(Cluster cluster, ILoggerFactory loggers, string data, TextWriter progress)
    {
        Cluster = cluster;
        _loggers = loggers;
        _data = data;
        _progress = progress;
    }

    public Cluster Cluster { get; }

    public Kubernetes Client => Cluster.Client;

    /// <summary>Starts a cluster of <paramref name="nodes"/> nodes and waits until every node is Ready.</summary>
    /// <remarks><paramref name="operatorDll"/>: the built operator, which makes the <c>ivyo</c> image runnable.</remarks>
    public static async Task<BenchCluster> StartAsync(int nodes, bool durable, TextWriter progress, CancellationToken cancellationToken, string? operatorDll = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("This benchmark runs a local cluster, whose pods are processes in Linux namespaces: run it as root.");
        }

        var data = Directory.CreateTempSubdirectory("ivyo-bench-").FullName;
        var loggers = LoggerFactory.Create(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft", LogLevel.Error)
            .SetMinimumLevel(LogLevel.Warning));
        var options = new LocalClusterOptions
        {
            DataDirectory = data,
            Port = 0,
            NetworkName = "ivyo-b" + Guid.NewGuid().ToString("N")[..8],
            Nodes = nodes,
            Durable = durable,
            Loggers = loggers,
            OperatorDll = operatorDll,
        };
        await progress.WriteLineAsync($"starting a local cluster: {nodes} nodes, {(durable ? "etcd" : "in-memory store")}, network namespace {options.NetworkName}, data in {data}");
        Cluster cluster;
        try
        {
            cluster = await Cluster.StartAsync(options, cancellationToken);
        }
        catch
        {
            loggers.Dispose();
            Directory.Delete(data, recursive: true);
            throw;
        }

        var bench = new BenchCluster(cluster, loggers, data, progress);
        try
        {
            await bench.WaitForReadyNodesAsync(nodes, cancellationToken);
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }

        return bench;
    }

    private async Task WaitForReadyNodesAsync(int nodes, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var list = await Client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
            var ready = list.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            if (ready >= nodes)
            {
                return;
            }

            if (waiting.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Only {ready} of {nodes} nodes were Ready after 60 s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var stopping = Stopwatch.StartNew();
        try
        {
            await Cluster.DisposeAsync();
        }
        finally
        {
            _loggers.Dispose();
            var network = Cluster.Options.NetworkName;
            if (File.Exists("/run/netns/" + network))
            {
                await _progress.WriteLineAsync($"warning: the network namespace {network} outlived the cluster");
            }

            try
            {
                // Never delete through a mount left behind (a container's root is a view of the host's).
                var mounts = File.ReadLines("/proc/self/mounts").Select(line => line.Split(' ')[1])
                    .Where(mount => mount.StartsWith(_data + "/", StringComparison.Ordinal)).ToList();
                if (mounts.Count > 0)
                {
                    await _progress.WriteLineAsync($"warning: {mounts.Count} mounts outlived the cluster under {_data} (first: {mounts[0]}); the directory is kept");
                }
                else
                {
                    Directory.Delete(_data, recursive: true);
                }
            }
            catch (IOException e)
            {
                await _progress.WriteLineAsync($"warning: could not delete {_data}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                await _progress.WriteLineAsync($"warning: could not delete {_data}: {e.Message}");
            }
        }

        await _progress.WriteLineAsync($"stopped the local cluster in {stopping.Elapsed.TotalSeconds:F1} s");
    }
}
