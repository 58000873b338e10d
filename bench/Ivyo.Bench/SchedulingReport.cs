using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>The <c>## Local cluster: scheduling</c> section of docs/benchmarks.md.</summary>
public static class SchedulingReport
{
    public const string Heading = "## Local cluster: scheduling";

    public static string Section(IReadOnlyList<SchedulingVariantResult> results, SchedulingParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        Line(Heading);
        Line();
        Line("The local cluster's scheduler (`SchedulerLoop` from `src/Ivyo.LocalCluster.Scheduler`, default options: every");
        Line("filter and score plugin, one pod at a time, binding through `pods/binding`) against an in-process API server over");
        Line("the in-memory store. The nodes are Node objects registered through the API (Ready, allocatable cpu, memory and");
        Line("pods, hostname and zone labels) without node agents, since only scheduling is measured; no node-lifecycle");
        Line("controller runs, so they stay Ready without heartbeats.");
        Line();
        ReportFormat.AppendRunItems(text, machine, source, command,
            "The benchmark, the API server and the scheduler run in one process and share the cores.");
        Line($"- **Parameters:** {N(parameters.Pods)} pods over {N(parameters.Nodes)} nodes in {N(parameters.Zones)} zones "
            + $"(node: 8 cpu, 32Gi, 110 pods; pod: requests 100m cpu, 64Mi), created {N(parameters.CreateConcurrency)} at a time "
            + "while the scheduler runs; each variant on a fresh API server and scheduler, after one unmeasured warm-up pod was bound"
            + (parameters.WarmUpPods > 0 ? $"; before the variants, an unreported round of {N(parameters.WarmUpPods)} pods (resource requests only) warms the process up: without it, whichever variant ran first bound at less than half the rate it had when run later." : "."));
        Line();
        Line("| Variant | All bound after s | Pods/s | Create → bound p50 ms | p99 ms | max ms | Pods per node (fewest–most) | Pods per zone |");
        Line("|---|--:|--:|--:|--:|--:|--:|---|");
        foreach (var result in results)
        {
            var placement = result.Placement;
            var zones = string.Join(" / ", placement.PerZone.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => N(pair.Value)));
            Line($"| {Describe(result.Variant)} | {F(result.Elapsed.TotalSeconds, 2)} | {N(result.PodsPerSecond)} | {ReportFormat.Percentiles(result.CreateToBound)} "
                + $"| {N(placement.MinPerNode)}–{N(placement.MaxPerNode)} | {zones} |");
        }

        Line();
        Line("How to read it:");
        Line();
        Line("- **All bound after** is from the first pod's create request until a watch on the namespace (opened before the first");
        Line("  create; KubernetesClient, same process) saw the last pod bound; **Pods/s** is the pods divided by that time.");
        Line("  **Create → bound** is per pod, from its own create request to the watch event that shows its `spec.nodeName`.");
        Line("  The creates are sent faster than the scheduler binds (sending them took "
            + string.Join(", ", results.Select(r => $"{F(r.CreatesTook.TotalSeconds, 1)} s")) + "), so the pods queue and the");
        Line("  latency grows along the run: most of a pod's latency is waiting in the scheduling queue behind earlier pods.");
        Line("- Each variant's placement is read back from the API and checked before its numbers are reported: every pod is");
        Line("  bound to an existing node and has `PodScheduled=True`, no node holds more than its allocatable cpu, memory and");
        Line("  pods, and for the zone spread the zones' pod counts differ by at most `maxSkew` 1.");
        Line("- **zone spread**: `topologySpreadConstraints` over `topology.kubernetes.io/zone`, `maxSkew: 1`, `DoNotSchedule`,");
        Line("  selecting the benchmark's pods. **preferred anti-affinity**: `preferredDuringSchedulingIgnoredDuringExecution`");
        Line("  weight 100 against the benchmark's pods on the same `kubernetes.io/hostname`.");
        return text.ToString();
    }

    private static string Describe(SchedulingVariant variant) => variant switch
    {
        SchedulingVariant.ResourcesOnly => "resource requests only",
        SchedulingVariant.ZoneSpread => "zone spread (maxSkew 1)",
        SchedulingVariant.PreferredAntiAffinity => "preferred anti-affinity (hostname)",
        _ => variant.ToString(),
    };
}
