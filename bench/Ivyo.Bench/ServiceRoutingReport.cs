using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>The <c>## Local cluster: Service routing</c> section of docs/benchmarks.md.</summary>
public static class ServiceRoutingReport
{
    public const string Heading = "## Local cluster: Service routing";

    public static string Section(ServiceRoutingResults results, ServiceRoutingParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
        string Signed(TimeSpan value) => (value < TimeSpan.Zero ? "−" + ReportFormat.Ms(-value) : "+" + ReportFormat.Ms(value));

        Line(Heading);
        Line();
        Line("A ClusterIP Service against the pod IP directly, on a real local cluster (`LocalCluster.StartAsync` as `ivyo local");
        Line("up` runs it, 3 nodes): the Service proxy's nftables DNAT in the router namespace against plain routing between the");
        Line("pods' veths. The server is a pod (`echo-a`, node-1) running a small Python TCP server (the host's Debian");
        Line("`/usr/bin/python3`, which the prerequisites install with Patroni) that answers each connection's first line with");
        Line("its pod's name.");
        Line();
        ReportFormat.AppendRunItems(text, machine, source, command,
            "The benchmark and every part of the cluster run in one process and share the cores with the pods.");
        Line($"- **Parameters:** {N(parameters.Trials)} measured connections each way per client after {N(parameters.WarmUp)} warm-up "
            + $"ones each way, one at a time, alternating Service first and pod first; {N(parameters.FollowTrials)} selector changes; "
            + $"the object store is {(parameters.Durable ? "etcd (as `ivyo local up`)" : "in memory")}.");
        Line();
        Line("| Client | Path | p50 ms | p99 ms | max ms | mean ms |");
        Line("|---|---|--:|--:|--:|--:|");
        void Rows(string client, PathComparison comparison)
        {
            Line($"| {client} | ClusterIP Service | {ReportFormat.Percentiles(comparison.ViaService)} | {ReportFormat.Ms(comparison.MeanService)} |");
            Line($"| {client} | pod IP directly | {ReportFormat.Percentiles(comparison.ViaPod)} | {ReportFormat.Ms(comparison.MeanPod)} |");
            Line($"| {client} | **Service overhead** (difference) | **{Signed(comparison.MedianOverhead)}** | {Signed(comparison.P99Overhead)} | — | {Signed(comparison.MeanOverhead)} |");
        }

        Rows("a pod on node-3 (Python)", results.FromPod);
        Rows("the benchmark (C#) in a pod's network namespace, node-3", results.FromProbe);
        Line();
        Line($"| Service follows a selector change, from the patch request to the first connection answered by the new pod | p50 ms | p99 ms | max ms |");
        Line("|---|--:|--:|--:|");
        Line($"| {N(results.Follow.Count)} changes between `echo-a` and `echo-b` | {ReportFormat.Percentiles(results.Follow)} |");
        Line();
        Line("How to read it:");
        Line();
        Line("- One trial is a new TCP connection, `ping\\n` out and the server's one-line answer back, timed from before the");
        Line("  connect to the end of the answer: Python's `time.perf_counter_ns` in the client pod, whose loop is the tightest;");
        Line("  `Stopwatch` in the benchmark, whose sockets are made (before the clock starts) in the network namespace of a");
        Line("  second pod on node-3, `echo-probe`, and used asynchronously from the benchmark process, which also runs the");
        Line("  whole cluster, hence its higher times on the same path. The difference rows subtract the direct path's");
        Line("  percentile (or mean) from the Service's: what the Service rules add to a connection (the nftables lookup of the");
        Line("  virtual IP and the DNAT; connection tracking runs on both paths). A negative difference means the noise between");
        Line("  the two series is larger than what the Service adds.");
        Line("- Both paths go from the client's pod over its veth into the cluster's router namespace, where the Service rules");
        Line("  are (nftables `prerouting`), and on over the server pod's veth.");
        Line("- **Follow**: the Service's selector is patched from `instance: a` to `instance: b` and back (merge patch, admin);");
        Line("  the endpoints controller rewrites the Endpoints, the Service proxy (which gathers changes for 50 ms) replaces its");
        Line("  nftables table, and a new connection from `echo-probe`'s namespace, tried about every millisecond, is answered by");
        Line("  the other pod. Connections already open keep their pod.");
        return text.ToString();
    }
}
