using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// The measurements behind <c>service-routing</c>, on a real local cluster of 3 nodes: an echo server pod
/// (<c>echo-a</c>, node-1) behind a ClusterIP Service; connect plus one round trip to it through the Service's virtual
/// IP and to its pod IP directly, from a client pod on node-3 and from the benchmark process through sockets in another
/// pod's network namespace (<c>echo-probe</c>, node-3); then how long the Service takes to follow its endpoints when its selector moves between <c>echo-a</c> and a second
/// server, <c>echo-b</c> (node-2).
/// </summary>
public sealed class ServiceRoutingBenchmark(ServiceRoutingParameters parameters, TextWriter progress)
{
    private const string Namespace = "default";
    private const string ServiceName = "echo";
    private const int ServicePort = 80;
    private static readonly TimeSpan s_podTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromMilliseconds(500);

    public async Task<ServiceRoutingResults> RunAsync(CancellationToken cancellationToken)
    {
        await using var bench = await BenchCluster.StartAsync(3, parameters.Durable, progress, cancellationToken);
        var client = bench.Client;
        await using var watch = await PodWatch.StartAsync(client, Namespace, cancellationToken);

        await client.CoreV1.CreateNamespacedPodAsync(EchoPods.Server("echo-a", "a", "node-1"), Namespace, cancellationToken: cancellationToken);
        await client.CoreV1.CreateNamespacedPodAsync(EchoPods.Server("echo-b", "b", "node-2"), Namespace, cancellationToken: cancellationToken);
        var marker = "ivyo-bench-probe-" + Guid.NewGuid().ToString("N")[..12];
        await client.CoreV1.CreateNamespacedPodAsync(EchoPods.Probe("echo-probe", "node-3", marker), Namespace, cancellationToken: cancellationToken);
        var service = await client.CoreV1.CreateNamespacedServiceAsync(EchoPods.Service(ServiceName, "a"), Namespace, cancellationToken: cancellationToken);
        var a = await watch.WaitAsync("echo-a", m => m.Ready is not null && m.PodIp is not null, "Ready", s_podTimeout, cancellationToken);
        await watch.WaitAsync("echo-b", m => m.Ready is not null && m.PodIp is not null, "Ready", s_podTimeout, cancellationToken);
        await watch.WaitAsync("echo-probe", m => m.Ready is not null, "Ready", s_podTimeout, cancellationToken);
        var probeNamespace = await FindNamespaceAsync(marker, cancellationToken);

        var serviceIp = IPAddress.Parse(service.Spec.ClusterIP);
        var podIp = IPAddress.Parse(a.PodIp!);
        var vip = new IPEndPoint(serviceIp, ServicePort);
        var direct = new IPEndPoint(podIp, EchoPods.ServerPort);
        var probe = new NamespaceProbe(probeNamespace);
        await progress.WriteLineAsync($"service-routing: Service {ServiceName} at {serviceIp}:{ServicePort}, echo-a at {podIp}:{EchoPods.ServerPort}; waiting until the Service answers");
        await WaitForAnswerAsync(probe, vip, "echo-a", cancellationToken);

        await progress.WriteLineAsync($"service-routing: {parameters.Trials} trials each way from a client pod on node-3");
        var fromPod = await MeasureFromPodAsync(client, watch, serviceIp, podIp, cancellationToken);

        await progress.WriteLineAsync($"service-routing: {parameters.Trials} trials each way from the benchmark in echo-probe's network namespace");
        var fromProbe = await MeasureFromProbeAsync(probe, vip, direct, cancellationToken);

        await progress.WriteLineAsync($"service-routing: {parameters.FollowTrials} selector changes between echo-a and echo-b");
        var follow = await MeasureFollowAsync(client, probe, vip, cancellationToken);
        return new ServiceRoutingResults(fromPod, fromProbe, follow);
    }

    /// <summary>Runs the client pod to completion and reads its times from its log.</summary>
    private async Task<PathComparison> MeasureFromPodAsync(Kubernetes client, PodWatch watch, IPAddress serviceIp, IPAddress podIp, CancellationToken cancellationToken)
    {
        const string Name = "echo-client";
        var pod = EchoPods.Client(Name, "node-3", serviceIp.ToString(), ServicePort, podIp.ToString(), parameters.Trials, parameters.WarmUp);
        await client.CoreV1.CreateNamespacedPodAsync(pod, Namespace, cancellationToken: cancellationToken);
        var done = await watch.WaitAsync(Name, m => m.Phase is "Succeeded" or "Failed", "finished", TimeSpan.FromMinutes(10), cancellationToken);
        await using var log = await client.CoreV1.ReadNamespacedPodLogAsync(Name, Namespace, container: "main", cancellationToken: cancellationToken);
        using var reader = new StreamReader(log);
        var output = await reader.ReadToEndAsync(cancellationToken);
        if (done.Phase != "Succeeded")
        {
            throw new InvalidOperationException($"The client pod failed: {output}");
        }

        var times = JsonSerializer.Deserialize<Dictionary<string, long[]>>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException($"The client pod printed no times: {output}");
        TimeSpan Ns(long ns) => TimeSpan.FromTicks(ns / 100);
        return PathComparison.Of([.. times["service"].Select(Ns)], [.. times["pod"].Select(Ns)]);
    }

    private async Task<PathComparison> MeasureFromProbeAsync(NamespaceProbe probe, IPEndPoint vip, IPEndPoint direct, CancellationToken cancellationToken)
    {
        for (var i = 0; i < parameters.WarmUp; i++)
        {
            await probe.OnceAsync(vip, s_connectTimeout, cancellationToken);
            await probe.OnceAsync(direct, s_connectTimeout, cancellationToken);
        }

        var viaService = new List<TimeSpan>(parameters.Trials);
        var viaPod = new List<TimeSpan>(parameters.Trials);
        for (var i = 0; i < parameters.Trials; i++)
        {
            // Alternating order, as the client pod does.
            var first = i % 2 == 0;
            var (one, _) = await probe.OnceAsync(first ? vip : direct, s_connectTimeout, cancellationToken);
            var (other, _) = await probe.OnceAsync(first ? direct : vip, s_connectTimeout, cancellationToken);
            viaService.Add(first ? one : other);
            viaPod.Add(first ? other : one);
        }

        return PathComparison.Of(viaService, viaPod);
    }

    /// <summary>
    /// Moves the Service's selector to the other server and times, from the patch request, until a new connection to
    /// the virtual IP is answered by that server; connections are tried about every millisecond.
    /// </summary>
    private async Task<LatencySummary> MeasureFollowAsync(Kubernetes client, NamespaceProbe probe, IPEndPoint vip, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>(parameters.FollowTrials);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < parameters.FollowTrials; i++)
        {
            var target = i % 2 == 0 ? "b" : "a";
            var patch = new V1Patch("{\"spec\":{\"selector\":{\"instance\":\"" + target + "\"}}}", V1Patch.PatchType.MergePatch);
            var sent = Stopwatch.GetTimestamp();
            await client.CoreV1.PatchNamespacedServiceAsync(patch, ServiceName, Namespace, cancellationToken: cancellationToken);
            await WaitForAnswerAsync(probe, vip, "echo-" + target, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(sent));
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return LatencySummary.FromDurations(times, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The network namespace of the probe pod's process, once the node agent has started it.</summary>
    private static async Task<string> FindNamespaceAsync(string marker, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (PodProcesses.NetworkNamespaceOf("python3", marker) is { } found)
            {
                return found;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"No python3 process with {marker} in its own network namespace after 30 s.");
    }

    /// <summary>Tries connections to <paramref name="target"/> until <paramref name="answer"/> answers one.</summary>
    private static async Task WaitForAnswerAsync(NamespaceProbe probe, IPEndPoint target, string answer, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        string? last = null;
        while (waiting.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                (_, last) = await probe.OnceAsync(target, s_connectTimeout, cancellationToken);
                if (last == answer)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.Message;
            }

            await Task.Delay(1, cancellationToken);
        }

        throw new TimeoutException($"{target} did not answer as {answer} within 60 s (last: {last}).");
    }
}
