using System.Globalization;
using System.Text;

namespace Ivyo.Bench.HighAvailability;

/// <summary>The <c>## High availability: failover, RTO and RPO</c> section of docs/benchmarks.md.</summary>
public static class HaReport
{
    public const string Heading = "## High availability: failover, RTO and RPO";

    public static string Section(HaResults results, HaParameters parameters, MachineInfo machine, string? source, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(parameters);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        static string S(double? seconds) => seconds switch
        {
            null => "—",
            double.PositiveInfinity => "∞",
            { } s => s.ToString("F2", CultureInfo.InvariantCulture),
        };
        static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        Line(Heading);
        Line();
        Line("The tutorial's `hippo` (2 instances, `examples/kustomize/ivory`) on a 3-node local cluster with IVYO installed by");
        Line("`kubectl apply -k config/local`: real Patroni 3 on the Kubernetes DCS, real PostgreSQL 15. Each event is");
        Line("injected into the primary while a client writes continuously through `hippo-primary`.");
        Line();
        ReportFormat.AppendRunItems(text, machine, source, command,
            "The benchmark, the control plane, the node agents, both IVYO replicas and every PostgreSQL and Patroni process share the cores.");
        Line($"- **Parameters:** {N(parameters.Runs)} runs per asynchronous row, {N(parameters.StrictRuns)} per `synchronous_mode_strict` row; "
            + $"{N(parameters.BootstrapRuns)} bootstraps. A run starts only when Patroni lists a leader and a streaming replica and the role labels agree.");
        var (readyMedian, readyMax) = HaTimeline.Summary(results.BootstrapSeconds.Select(s => (double?)s));
        Line($"- **Bootstrap:** `kubectl apply -k examples/kustomize/ivory` to the IvoryCluster's `Ready` condition: median {S(readyMedian)} s, max {S(readyMax)} s ({N(results.BootstrapSeconds.Count)} runs).");
        Line();
        Line("| event | Patroni timing | replication | runs | writes unavailable, median s | max s | target s | detection s | promotion s | endpoint switch s | writes resumed s | old primary rejoined s | acknowledged writes | lost | rounds with two primaries |");
        Line("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var scenario in parameters.Scenarios)
        {
            var runs = results.Runs.Where(r => r.Scenario == scenario).ToList();
            if (runs.Count == 0)
            {
                continue;
            }

            string Pair(Func<HaRunResult, double?> pick)
            {
                var (median, _) = HaTimeline.Summary(runs.Select(pick));
                return S(median);
            }

            var (unavailableMedian, unavailableMax) = HaTimeline.Summary(runs.Select(r => (double?)r.UnavailableSeconds));
            if (runs.Any(r => double.IsPositiveInfinity(r.UnavailableSeconds)))
            {
                unavailableMax = double.PositiveInfinity;
            }

            var timing = string.Create(CultureInfo.InvariantCulture, $"{scenario.Profile.Name} ({scenario.Profile.LeaseSeconds}/{scenario.Profile.SyncPeriodSeconds}/{scenario.Profile.RetryTimeoutSeconds})");
            var target = scenario.TargetSeconds is { } t ? "≤ " + t.ToString("F0", CultureInfo.InvariantCulture) : "—";
            Line($"| {scenario.Event} | {timing} | {(scenario.Strict ? "strict sync" : "async")} | {N(runs.Count)} | {S(unavailableMedian)} | {S(unavailableMax)} | {target} "
                + $"| {Pair(r => r.DetectionSeconds)} | {Pair(r => r.PromotionSeconds)} | {Pair(r => r.EndpointSeconds)} | {Pair(r => r.WritesResumedSeconds)} | {Pair(r => r.RejoinSeconds)} "
                + $"| {N(runs.Sum(r => r.Acknowledged))} | {N(runs.Sum(r => r.Lost))} | {N(runs.Sum(r => r.SplitBrainRounds))} of {N(runs.Sum(r => r.ProbeRounds))} |");
        }

        Line();
        if (results.Failures.Count > 0)
        {
            Line("Runs that could not be measured (the cluster was repaired and the benchmark went on):");
            Line();
            foreach (var failure in results.Failures)
            {
                Line("- " + failure);
            }

            Line();
        }

        Line("How to read it:");
        Line();
        Line("- **Patroni timing** is `leaderLeaseDurationSeconds/syncPeriodSeconds/retry_timeout` (Patroni's `ttl`, `loop_wait`,");
        Line("  `retry_timeout`), set with `kubectl patch` on the running cluster: `default` is ivory-operator's 30/10 with");
        Line("  Patroni's retry_timeout 10; the documented **fast profile** is 7/1/3; `lease 10 s` is the issue's example of a");
        Line("  fast profile (10/2/3); `lease 5 s` is 5/1/2 (Patroni needs `loop_wait + 2 × retry_timeout ≤ ttl`).");
        Line("- **The client** (`bench/Ivyo.Bench/HighAvailability/WriteChecker.cs`) connects as the `hippo` user from its Secret,");
        Line("  over TLS, to where `hippo-primary` resolves (its Endpoints name the `hippo-ha` ClusterIP), from the network");
        Line("  namespace of a client pod on a node without a hippo instance (required anti-affinity), so its connections take");
        Line("  an application's path through the Service rules, which follow Patroni's Endpoints. It inserts one row");
        Line("  per write, each with its own number, about every 15 ms; a write not acknowledged within 1 s, or a connection not");
        Line("  open (TCP, TLS, authentication) within 0.5 s, is abandoned, and the next write opens a new connection 50 ms later.");
        Line("  The connect timeout is below TCP's first SYN retransmission (1 s), as in a client tuned for failover: a SYN lost");
        Line("  to a dead address is retried at once instead of a second later. **Writes unavailable** is the longest interval between two");
        Line("  consecutive acknowledged writes from the last one before the event to the end of the run.");
        Line("- **Lost** counts acknowledged writes missing from the table once the old primary has rejoined, read through");
        Line("  `hippo-primary`. With asynchronous replication Patroni may promote a replica that lacks the last commits");
        Line("  (up to `maximum_lag_on_failover`); `synchronous_mode_strict` is the setting that promises none are lost.");
        Line("- **Two primaries**: every 100 ms each instance is asked `SELECT pg_is_in_recovery()` on its own pod's loopback");
        Line("  (through the pod's network namespace, which no partition cuts, so a primary hidden from clients is still seen);");
        Line("  a round in which both instances answer `false` would be a split brain.");
        Line("- **Where the time goes**, medians from the event: **detection** is when Patroni's lock (the `leader` annotation");
        Line("  of the `hippo-ha` Endpoints) names another member, **promotion** when the probe first finds the new primary");
        Line("  writable, **endpoint switch** when the `hippo-ha` Endpoints route to its address only, **writes resumed** when the");
        Line("  client's longest gap ended. **Old primary rejoined** is from the repair (node started, partition healed; for the");
        Line("  planned events, from the event) until Patroni lists it as a replica that streams from the new primary.");
        Line("- **Why the endpoint switch trails the lock**: Patroni takes the lock with the `hippo-ha` Endpoints' addresses");
        Line("  emptied (`attempt_to_acquire_leader` writes `ips=[]`) and writes its own address at its next HA cycle");
        Line("  (`update_lock`). Left alone, that cycle comes after Patroni's once-a-second poll for the end of the promotion;");
        Line("  IVYO's `on_role_change` callback wakes it as soon as PostgreSQL accepts writes");
        Line("  (`src/Ivyo.Operator/Patroni/PatroniRoleChangeCallback.cs`). In between the Service has no endpoint, and a");
        Line("  connection to it fails with \"network unreachable\" from the router; after a burst of such errors Linux");
        Line("  rate-limits the ICMP errors it sends to one client (`net.ipv4.icmp_ratelimit`, as on any node), so a client");
        Line("  that retries every 50 ms also sees silent drops. The checker prints what it saw during each gap.");
        Line("- **Fault injection** (`src/Ivyo.LocalCluster.Hosting/Faults/ClusterFaults.cs`): *switchover* is");
        Line("  `spec.patroni.switchover.enabled: true` and a new `ivory-operator.ivorysql.org/trigger-switchover` annotation;");
        Line("  *pod deleted* is `kubectl delete pod` (graceful); *node stopped* SIGKILLs every process of the node's pods and");
        Line("  stops its node agent, as a power cut; *partitioned* drops, in the cluster's router, every packet between the pod");
        Line("  and any other pod, the API server and DNS. Unplanned faults are repaired once another instance is promoted and");
        Line("  (asynchronous rows) writes flow again; with `synchronous_mode_strict` and two instances the new primary has no");
        Line("  synchronous standby until the old one returns, so writes wait for the repair, by design.");
        return text.ToString();
    }
}
