using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>The <c>## Local cluster: pod startup</c> section of docs/benchmarks.md.</summary>
public static class PodStartupReport
{
    public const string Heading = "## Local cluster: pod startup";

    public static string Section(PodStartupResults results, PodStartupParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(machine);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        Line(Heading);
        Line();
        Line("A trivial pod (one container, `sleep infinity`) on a real local cluster (`LocalCluster.StartAsync` as");
        Line("`ivyo local up` runs it, with real node agents: each pod gets its namespaces, an overlay root, a veth and an");
        Line("address), timed from its create request through the API to the moment a watch sees it bound, `Running` and");
        Line("`Ready`.");
        Line();
        ReportFormat.AppendRunItems(text, machine, source, command,
            "The benchmark, the API server, the controllers, the scheduler and the node agents run in one process and share the cores with the pods.");
        Line($"- **Parameters:** {N(parameters.Nodes)} nodes; the object store is {(parameters.Durable ? "etcd (one private member, as `ivyo local up`)" : "in memory")}; "
            + $"{N(parameters.Trials)} pods one at a time after {N(parameters.WarmUp)} warm-up pods, each deleted (and gone) before the next "
            + $"is created; then a burst of {N(parameters.Burst)} pods whose creates are sent at once.");
        Line();
        Line("| Pods | From the create request to | p50 ms | p99 ms | max ms |");
        Line("|---|---|--:|--:|--:|");
        void Series(string label, StartupSeries series)
        {
            Line($"| {label} | the create's response | {ReportFormat.Percentiles(series.Created)} |");
            Line($"| {label} | bound to a node (scheduled) | {ReportFormat.Percentiles(series.Bound)} |");
            Line($"| {label} | phase `Running` | {ReportFormat.Percentiles(series.Running)} |");
            Line($"| {label} | condition `Ready` | {ReportFormat.Percentiles(series.Ready)} |");
        }

        Series($"one at a time ({N(parameters.Trials)})", results.Sequential);
        Series($"burst of {N(parameters.Burst)}", results.Burst.Times);
        Line();
        var nodes = string.Join(", ", results.Burst.Nodes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: {N(pair.Value)}"));
        Line($"The burst: all {N(parameters.Burst)} pods were `Ready` {ReportFormat.Ms(results.Burst.AllReady)} ms after the first create "
            + $"request (sending the creates took {ReportFormat.Ms(results.Burst.CreatesTook)} ms); pods per node: {nodes}.");
        Line();
        Line("How to read it:");
        Line();
        Line("- Each time is from sending the pod's create request (KubernetesClient, admin, same process) to the arrival of the");
        Line("  first watch event (a watch on the namespace, opened before the first pod) showing the milestone. The scheduler");
        Line("  binds the pod; the node agent's informer sees it, builds the sandbox (network, UTS, IPC and PID namespaces), the");
        Line("  pod's veth and address, its volumes (the ServiceAccount token), the container's overlay root and mounts, starts");
        Line("  the process and writes the status: `Running` and `Ready` (the pod has no readiness probe) usually arrive in the");
        Line("  same status update.");
        Line("- One at a time, the cluster is otherwise idle; in the burst, the pods queue in the scheduler and the node agents");
        Line($"  start their pods in parallel on the {N(machine.Cores)} cores, so the later pods wait for the earlier ones.");
        return text.ToString();
    }
}
