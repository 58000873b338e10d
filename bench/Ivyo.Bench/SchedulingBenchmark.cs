using System.Diagnostics;
using System.Globalization;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Scheduler.Scheduling;
using k8s;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// The measurements behind <c>scheduling</c>: the local cluster's real scheduler (<see cref="SchedulerLoop"/>) against
/// an in-process API server over the in-memory store, with Node objects registered through the API (Ready, with
/// allocatable resources, hostname and zone labels) and no node agents: only scheduling is measured. Each variant
/// gets its own API server and scheduler, creates its pods while the scheduler runs, times them until a watch sees
/// each bound, and then checks the placement it reports.
/// </summary>
public sealed class SchedulingBenchmark(SchedulingParameters parameters, TextWriter progress)
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string HostnameLabel = "kubernetes.io/hostname";

    private const string Namespace = "default";
    private const string AppLabel = "app";
    private const string App = "scheduling-bench";
    private const string NodeCpu = "8";
    private const string NodeMemory = "32Gi";
    private const int NodePods = 110;
    private const string PodCpu = "100m";
    private const string PodMemory = "64Mi";

    public async Task<IReadOnlyList<SchedulingVariantResult>> RunAsync(CancellationToken cancellationToken)
    {
        // A first, unreported round of full size: whichever variant ran first in a fresh process bound at less than half
        // the rate it had when run later (46 against 114 pods/s measured; JIT, tiered compilation and heap growth of the
        // API server, the scheduler and the client), and a round of 200 pods was not enough to hide it.
        if (parameters.WarmUpPods > 0)
        {
            await progress.WriteLineAsync($"scheduling: warm-up round of {parameters.WarmUpPods} pods, not reported");
            await RunVariantAsync(SchedulingVariant.ResourcesOnly, parameters.WarmUpPods, cancellationToken);
        }

        var results = new List<SchedulingVariantResult>();
        foreach (var variant in parameters.Variants)
        {
            results.Add(await RunVariantAsync(variant, parameters.Pods, cancellationToken));
        }

        return results;
    }

    private async Task<SchedulingVariantResult> RunVariantAsync(SchedulingVariant variant, int podCount, CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"scheduling: {variant}: {podCount} pods over {parameters.Nodes} nodes in {parameters.Zones} zones");
        await using var server = await ApiServer.StartAsync(new ApiServerOptions(), cancellationToken);
        using var client = await server.CreateAdminClientAsync();
        var nodes = new List<V1Node>();
        for (var i = 0; i < parameters.Nodes; i++)
        {
            nodes.Add(await RegisterNodeAsync(client, i, cancellationToken));
        }

        var scheduler = new SchedulerLoop(client, new SchedulerOptions());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scheduling = Task.Run(() => scheduler.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            await using var watch = await PodWatch.StartAsync(client, Namespace, cancellationToken);

            // One unmeasured pod first: the scheduler has synced its informers and bound something before the clock starts.
            await client.CoreV1.CreateNamespacedPodAsync(WarmUpPod(), Namespace, cancellationToken: cancellationToken);
            await watch.WaitAsync("warm-up", m => m.Bound is not null, "bound", TimeSpan.FromSeconds(60), cancellationToken);

            var names = Enumerable.Range(0, podCount).Select(i => "pod-" + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
            var sent = new long[podCount];
            var first = Stopwatch.GetTimestamp();
            await LoadRunner.RunAsync(0, podCount, parameters.CreateConcurrency, async (_, index, token) =>
            {
                sent[index] = Stopwatch.GetTimestamp();
                await client.CoreV1.CreateNamespacedPodAsync(Pod(names[index], variant), Namespace, cancellationToken: token);
            }, cancellationToken);
            var createsTook = Stopwatch.GetElapsedTime(first);
            await progress.WriteLineAsync($"scheduling: {variant}: {podCount} pods created in {createsTook.TotalSeconds:F1} s; waiting until all are bound");

            var seen = await watch.WaitAllAsync(names, m => m.Bound is not null, "bound", parameters.Timeout, cancellationToken);
            var lastBound = seen.Max(m => m.Bound!.Value);
            var elapsed = Stopwatch.GetElapsedTime(first, lastBound);
            var latencies = seen.Select((m, i) => Stopwatch.GetElapsedTime(sent[i], m.Bound!.Value)).ToList();

            var placement = await VerifyAsync(client, variant, nodes, names, cancellationToken);
            await progress.WriteLineAsync($"scheduling: {variant}: all bound after {elapsed.TotalSeconds:F2} s; {placement.Check}");
            return new SchedulingVariantResult(variant, podCount, parameters.Nodes, createsTook, elapsed,
                LatencySummary.FromDurations(latencies, elapsed), placement);
        }
        finally
        {
            await stop.CancelAsync();
            await scheduling;

            // KubernetesClient leaves a cancelled watch's response stream to the finalizer; until it runs, the API
            // server's graceful shutdown waits for it (the scheduler tests do the same).
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>
    /// Reads every measured pod back from the API and checks what the numbers rest on: each is bound to a node that
    /// exists and has PodScheduled=True, no node holds more than its allocatable cpu, memory and pods, and the
    /// variant's constraint holds (zone skew within maxSkew). Throws when any check fails.
    /// </summary>
    private static async Task<Placement> VerifyAsync(Kubernetes client, SchedulingVariant variant, List<V1Node> nodes, List<string> names, CancellationToken cancellationToken)
    {
        var pods = (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"{AppLabel}={App}", cancellationToken: cancellationToken)).Items;
        var byNode = nodes.ToDictionary(n => n.Metadata.Name, _ => 0, StringComparer.Ordinal);
        var zoneOf = nodes.ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels[ZoneLabel], StringComparer.Ordinal);
        var problems = new List<string>();
        if (pods.Count != names.Count || !pods.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).SequenceEqual(names, StringComparer.Ordinal))
        {
            problems.Add($"{pods.Count} pods listed, {names.Count} created");
        }

        foreach (var pod in pods)
        {
            var node = pod.Spec.NodeName;
            if (string.IsNullOrEmpty(node) || !byNode.ContainsKey(node))
            {
                problems.Add($"{pod.Metadata.Name} is bound to '{node}', which is no node");
                continue;
            }

            byNode[node]++;
            if (pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True") != true)
            {
                problems.Add($"{pod.Metadata.Name} has no PodScheduled=True condition");
            }
        }

        var cpuPerPod = new ResourceQuantity(PodCpu).ToDecimal();
        var memoryPerPod = new ResourceQuantity(PodMemory).ToDecimal();
        foreach (var (node, count) in byNode)
        {
            if (count > NodePods || count * cpuPerPod > new ResourceQuantity(NodeCpu).ToDecimal() || count * memoryPerPod > new ResourceQuantity(NodeMemory).ToDecimal())
            {
                problems.Add($"{node} holds {count} pods, more than it can");
            }
        }

        var byZone = byNode.GroupBy(pair => zoneOf[pair.Key]).ToDictionary(g => g.Key, g => g.Sum(pair => pair.Value), StringComparer.Ordinal);
        var zoneSkew = byZone.Values.Max() - byZone.Values.Min();
        var check = "every pod bound to an existing node with PodScheduled=True, no node over its allocatable";
        if (variant == SchedulingVariant.ZoneSpread)
        {
            if (zoneSkew > 1)
            {
                problems.Add($"the zones' pod counts differ by {zoneSkew}, more than maxSkew 1");
            }

            check += ", zone skew within maxSkew 1";
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The {variant} placement is wrong, so its numbers would be too: {string.Join("; ", problems.Take(10))}.");
        }

        return new Placement(byNode.Values.Min(), byNode.Values.Max(), byNode.Count(pair => pair.Value > 0), byZone, check);
    }

    private async Task<V1Node> RegisterNodeAsync(Kubernetes client, int index, CancellationToken cancellationToken)
    {
        var name = "node-" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);
        var zone = "zone-" + (char)('a' + (index % parameters.Zones));
        var created = await client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { [HostnameLabel] = name, [ZoneLabel] = zone, ["kubernetes.io/os"] = "linux" },
            },
            Spec = new V1NodeSpec(),
        }, cancellationToken: cancellationToken);

        // The status as a kubelet reports it, through the status subresource.
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(NodeCpu),
            ["memory"] = new(NodeMemory),
            ["pods"] = new(NodePods.ToString(CultureInfo.InvariantCulture)),
        };
        created.Status = new V1NodeStatus
        {
            Capacity = resources,
            Allocatable = resources,
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }],
        };
        return await client.CoreV1.ReplaceNodeStatusAsync(created, name, cancellationToken: cancellationToken);
    }

    private static V1Pod WarmUpPod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "warm-up", Labels = new Dictionary<string, string> { [AppLabel] = "warm-up" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["sleep", "infinity"] }] },
    };

    /// <summary>A measured pod: small requests, the benchmark's label, and the variant's constraint.</summary>
    private static V1Pod Pod(string name, SchedulingVariant variant)
    {
        var labels = new Dictionary<string, string> { [AppLabel] = App };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "main",
                        Image = "debian:12",
                        Command = ["sleep", "infinity"],
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(PodCpu), ["memory"] = new(PodMemory) },
                        },
                    },
                ],
            },
        };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) };
        switch (variant)
        {
            case SchedulingVariant.ZoneSpread:
                pod.Spec.TopologySpreadConstraints =
                [
                    new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = ZoneLabel, WhenUnsatisfiable = "DoNotSchedule", LabelSelector = selector },
                ];
                break;
            case SchedulingVariant.PreferredAntiAffinity:
                pod.Spec.Affinity = new V1Affinity
                {
                    PodAntiAffinity = new V1PodAntiAffinity
                    {
                        PreferredDuringSchedulingIgnoredDuringExecution =
                        [
                            new V1WeightedPodAffinityTerm
                            {
                                Weight = 100,
                                PodAffinityTerm = new V1PodAffinityTerm { TopologyKey = HostnameLabel, LabelSelector = selector },
                            },
                        ],
                    },
                };
                break;
            case SchedulingVariant.ResourcesOnly:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }

        return pod;
    }
}
