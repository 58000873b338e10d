using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>The <c>## Operator</c> section of docs/benchmarks.md.</summary>
public static class OperatorReport
{
    public const string Heading = "## Operator";

    public static string Section(OperatorResults results, OperatorParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(machine);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        string MiB(long bytes) => F(bytes / 1024.0 / 1024.0, 1) + " MiB";

        var heal = results.SelfHeal;
        var convergence = results.Scale.Convergence;
        var steady = results.Scale.SteadyState;
        var memory = results.Scale.Memory;
        var clusters = convergence.Clusters;
        var minutes = steady.Window.TotalMinutes;
        double PerClusterMinute(int count) => count / (double)clusters / minutes;

        Line(Heading);
        Line();
        Line("The operator (`ManagerHost`, as `ivyo-operator` runs it: leader election on, its default 2 workers unless the");
        Line("command says otherwise) against an in-process local API server over the in-memory store, installed from `config/`");
        Line("(the CRD, the `ivyo` ServiceAccount and its ClusterRole); the operator authenticates as that ServiceAccount. There");
        Line("are no pods: no StatefulSet controller, scheduler or node runs, so every cluster stays without a primary");
        Line("(`Ready` is `False`) and what is measured is the operator's own work.");
        Line();
        Line($"- **Date:** `{machine.Date}`");
        Line($"- **Machine:** {machine.Cpu}, {N(machine.Cores)} cores, {machine.Memory} memory, Linux {machine.Kernel}, {machine.Runtime}. "
            + "The machine is shared with other developers: their builds and tests may have run at the same time, so treat "
            + "the numbers as indicative. The operator, the API server and the benchmark's watchers run in one process and share the cores.");
        Line($"- **Command:** `{command}`" + (source is null ? "" : $", built from {source}."));
        Line($"- **Parameters:** self-heal: {N(parameters.SelfHealTrials)} deletions after {N(parameters.SelfHealWarmUp)} warm-up ones, one at a time; "
            + $"scale: {N(parameters.Clusters)} copies of `examples/kustomize/ivory/ivory.yaml` (2 instances, a pgBackRest repo host) "
            + $"in {N(parameters.Namespaces)} namespaces, created {N(parameters.CreateConcurrency)} at a time; the operator with "
            + $"{N(parameters.Workers)} workers; steady state counted for {F(steady.Window.TotalSeconds, 0)} s.");
        Line();
        Line("| Goal | Measurement | Result |");
        Line("|---|---|--:|");
        Line($"| Self-heal | `hippo-primary` deleted → back (ADDED event), p50 | {ReportFormat.Ms(heal.FromResponse.P50)} ms |");
        Line($"| Self-heal | p99 | {ReportFormat.Ms(heal.FromResponse.P99)} ms |");
        Line($"| Self-heal | max | {ReportFormat.Ms(heal.FromResponse.Max)} ms |");
        Line($"| Self-heal | from the delete's request: p50 / p99 / max | {ReportFormat.Ms(heal.FromRequest.P50)} / {ReportFormat.Ms(heal.FromRequest.P99)} / {ReportFormat.Ms(heal.FromRequest.Max)} ms |");
        Line($"| Self-heal | operator requests per self-heal (median / most) | {N(heal.RequestsPerHealMedian)} / {N(heal.RequestsPerHealMax)} |");
        Line($"| Throughput | clusters converged | {N(convergence.Converged)} of {N(clusters)}" + (convergence.Complete ? "" : " (timed out)") + " |");
        Line($"| Throughput | from the first create until the last converged | {F(convergence.Elapsed.TotalSeconds, 1)} s |");
        Line($"| Throughput | clusters per second | {F(convergence.ClustersPerSecond, 2)} |");
        if (convergence.ConvergenceTimes.Count > 0)
        {
            var times = convergence.ConvergenceTimes;
            string At(double fraction) => F(times[Math.Clamp((int)Math.Ceiling(fraction * times.Count) - 1, 0, times.Count - 1)].TotalSeconds, 1);
            Line($"| Throughput | a cluster converged after (from the first create): first / 10 % / 50 % / 90 % of them | {At(0)} / {At(0.1)} / {At(0.5)} / {At(0.9)} s |");
        }

        Line($"| Throughput | creating the {N(clusters)} clusters took | {F(convergence.CreatedAfter.TotalSeconds, 1)} s |");
        Line($"| Throughput | operator requests until converged, per cluster: writes / reads (Lease excluded) | {F(convergence.Requests.Writes / (double)clusters, 1)} / {F((convergence.Requests.Reads + convergence.Requests.Watches) / (double)clusters, 2)} |");
        var metrics = results.Scale.MetricsAfterConvergence;
        var reconciles = metrics.Sum(Counters.Reconciles);
        if (reconciles > 0)
        {
            Line($"| Throughput | reconciles until converged, per cluster (of them failed, all clusters) | {F(reconciles / clusters, 2)} ({N(metrics.Sum(Counters.ReconcileErrors))}) |");
            Line($"| Throughput | mean reconcile time until converged | {F(metrics.Sum(Counters.ReconcileSeconds) / reconciles * 1000, 0)} ms |");
        }

        Line($"| Memory | operator's managed heap with {N(clusters)} clusters (see below) | {MiB(memory.OperatorHeap)} |");
        Line($"| Memory | operator's managed heap with no cluster (synced, leading) | {MiB(memory.OperatorIdleHeap)} |");
        Line($"| Memory | API server's heap growth for the clusters' objects | {MiB(memory.ServerGrowth)} |");
        Line($"| Memory | process working set in steady state / peak (API server + operator + benchmark) | {MiB(memory.WorkingSetRunning)} / {MiB(memory.PeakWorkingSet)} |");
        Line($"| Steady state | requests per cluster per minute (all, Lease included) | {F(PerClusterMinute(steady.Requests.Total), 4)} |");
        Line($"| Steady state | requests per cluster per minute, Lease excluded | {F(PerClusterMinute(steady.Requests.Total - steady.Requests.LeaseReads - steady.Requests.LeaseWrites), 4)} |");
        Line($"| Steady state | of them writes, Lease excluded | {N(steady.Requests.Writes)} ({F(PerClusterMinute(steady.Requests.Writes), 4)} per cluster per minute) |");
        Line($"| Steady state | reads and watches opened, Lease excluded | {N(steady.Requests.Reads)} reads, {N(steady.Requests.Watches)} watches |");
        Line($"| Steady state | leader election: Lease reads / writes in {F(steady.Window.TotalSeconds, 0)} s | {N(steady.Requests.LeaseReads)} / {N(steady.Requests.LeaseWrites)} |");
        Line();
        Line("How to read it:");
        Line();
        Line("- **Self-heal**: one converged hippo (`examples/kustomize/ivory/ivory.yaml`) in its own API server. Each trial deletes");
        Line("  the Service `hippo-primary` as admin and waits for the ADDED event of the new one on a watch of the namespace");
        Line("  (KubernetesClient, same process); the latency is from the delete's response to that event (the row below from");
        Line("  its request). The next trial starts when the operator has sent nothing for 0.5 s. The operator learns of the");
        Line("  deletion from its Service informer's watch, reconciles the whole cluster from its caches and creates the one");
        Line("  missing object; the requests per self-heal are that create and its `Created` event.");
        if (heal.EarlyEvents > 0)
        {
            Line($"  {N(heal.EarlyEvents)} of {N(parameters.SelfHealTrials)} events arrived before the delete's response; they count as 0 ms.");
        }

        Line("- **Throughput**: a second API server; the clusters are created while the operator runs. A cluster has converged");
        Line("  when its `status.observedGeneration` is 1 (written at the end of a reconcile that applied every object) and both");
        Line("  instance StatefulSets exist, as the benchmark's own informers (admin, not counted) see them. Clusters per second");
        Line("  is the clusters divided by the time from the first create until the last cluster converged. Reconciles, failures");
        Line("  and reconcile time are the operator's `/metrics` (`ivyo_controllerruntime_controller_reconciles`, `..._reconcile_errors`,");
        Line("  `..._reconcile_duration`) scraped right after convergence; failed reconciles are retried with back-off. The");
        Line("  operator's informers had listed before the first create, so its requests until convergence are the writes (and any");
        Line("  watch it reopened).");
        Line("- **Memory**: the API server shares the process, so the operator's part is measured as a difference: the managed");
        Line("  heap (`GC.GetTotalMemory` after full, blocking, compacting collections) in steady state with the operator running,");
        Line($"  minus the same after the operator was stopped and disposed ({MiB(memory.HeapRunning)} − {MiB(memory.HeapStopped)}); its informer");
        Line("  caches are most of it. With no cluster, the operator's heap is the heap once it had synced and led minus the heap");
        Line($"  before it started ({MiB(memory.HeapIdle)} − {MiB(memory.HeapBaseline)}). The API server's growth is the heap after the operator stopped minus the heap before it");
        Line($"  started, with the namespaces but no cluster ({MiB(memory.HeapStopped)} − {MiB(memory.HeapBaseline)}). The working set");
        Line("  (`Environment.WorkingSet`, and the peak from `Process.PeakWorkingSet64`) is the whole process's; the operator's");
        Line("  `/metrics` reports the same process-wide figures.");
        Line("- **Steady state**: after the last cluster converged and the operator had sent nothing but Lease requests for 5 s"
            + (steady.WasQuiet ? $" (which took {F(steady.QuietWait.TotalSeconds, 1)} s)" : " (it never was, within 180 s: the window started anyway)")
            + ", every");
        Line("  request the operator's client sent is counted by a `DelegatingHandler` (the tests' `RequestLog` approach) for the");
        Line("  window. Requests per cluster per minute is that count divided by the clusters and the window's minutes. Leader");
        Line("  election reads and renews its Lease (`ivory-operator/ivory-operator.ivorysql.org`) about every second; those are");
        Line("  reported on their own row and are independent of the number of clusters.");
        if (steady.Requests.Writes > 0)
        {
            Line($"  Writes seen: {string.Join(", ", steady.Requests.WriteSamples.Select(w => "`" + w + "`"))}.");
        }

        if (steady.Reconciles > 0)
        {
            Line($"  The operator still reconciled {N(steady.Reconciles)} times in the window (from `/metrics`): converged clusters enqueued");
        Line("  again by events of the convergence; none of these reconciles sent a request (they read only the caches).");
        }

        return text.ToString();
    }

    private static TimeSpan Median(IReadOnlyList<TimeSpan> sorted) => sorted[(sorted.Count - 1) / 2];
}
