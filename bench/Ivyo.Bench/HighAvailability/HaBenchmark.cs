using System.Diagnostics;
using System.Globalization;
using Ivyo.LocalCluster.Networking.Namespaces;
using Npgsql;

namespace Ivyo.Bench.HighAvailability;

/// <summary>What one <c>high-availability</c> run does.</summary>
public sealed record HaParameters(int Runs, int StrictRuns, int BootstrapRuns, IReadOnlyList<HaScenario> Scenarios);

/// <summary>Everything measured: the bootstrap times and every run, with the runs that could not be measured.</summary>
public sealed record HaResults(IReadOnlyList<double> BootstrapSeconds, IReadOnlyList<HaRunResult> Runs, IReadOnlyList<string> Failures);

/// <summary>
/// The high-availability benchmark (issue 6, part 4): on a 3-node local cluster with IVYO, the tutorial's hippo
/// (2 instances) is bootstrapped and then put through each <see cref="HaScenario"/> several times, while a
/// <see cref="WriteChecker"/> writes through <c>hippo-primary</c>, a <see cref="PrimaryProbe"/> asks every instance
/// whether it takes writes each 100 ms, and <see cref="LeaderEndpoints"/> follows Patroni's lock. Each run injects
/// the fault, waits for another instance to be promoted and for writes to flow again, repairs what the fault broke
/// (starts the node, heals the partition), waits until the old primary streams as a replica, and then checks every
/// acknowledged write against the table.
/// </summary>
public sealed class HaBenchmark(HaParameters parameters, TextWriter progress)
{
    private const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";
    private static readonly TimeSpan s_steadyWrites = TimeSpan.FromSeconds(3);

    public async Task<HaResults> RunAsync(CancellationToken cancellationToken)
    {
        await using var bench = await BenchCluster.StartAsync(3, durable: true, progress, cancellationToken,
            operatorDll: Path.Combine(AppContext.BaseDirectory, "ivyo-operator.dll"));
        var hippo = new HippoControl(bench.Cluster, progress);
        await hippo.InstallOperatorAsync();
        await progress.WriteLineAsync("IVYO is installed (kubectl apply -k config/local)");

        var bootstrap = new List<double>();
        for (var i = 1; i <= parameters.BootstrapRuns; i++)
        {
            bootstrap.Add(await hippo.ApplyUntilReadyAsync());
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bootstrap {i}: kubectl apply to Ready in {bootstrap[^1]:F1} s"));
            if (i < parameters.BootstrapRuns)
            {
                await hippo.DeleteAsync();
            }
        }

        var (first, second) = await hippo.HealthyAsync(strict: false, TimeSpan.FromMinutes(3));
        // The writer's connections leave from a client pod to the address hippo-primary resolves to (the hippo-ha
        // ClusterIP), so they take the path an application's do: the router's Service rules pick the current leader.
        await hippo.StartClientPodAsync();
        await using var primaryRelay = bench.Cluster.ForwardFromPod(
            HippoControl.Namespace, HippoControl.ClientPod, HippoControl.ClientContainer, await hippo.PrimaryAddressAsync());
        var primaryConnection = await hippo.UserConnectionAsync(primaryRelay.Endpoint.Port);
        await using (var create = new NpgsqlConnection(primaryConnection.ConnectionString))
        {
            await create.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(WriteChecker.CreateTable, create);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var instanceRelays = new Dictionary<string, NamespaceTcpRelay>(StringComparer.Ordinal);
        try
        {
            var instances = new Dictionary<string, NpgsqlConnectionStringBuilder>(StringComparer.Ordinal);
            foreach (var pod in new[] { first, second })
            {
                instanceRelays[pod] = bench.Cluster.ForwardToPodLoopback(HippoControl.Namespace, pod, "database", 5432);
                instances[pod] = await hippo.UserConnectionAsync(instanceRelays[pod].Endpoint.Port);
            }

            var runs = new List<HaRunResult>();
            var failures = new List<string>();
            var number = 0;
            foreach (var scenario in parameters.Scenarios)
            {
                await hippo.ApplyProfileAsync(scenario.Profile, scenario.Strict);
                await progress.WriteLineAsync($"{scenario.Event}, {scenario.Profile.Describe()}, {(scenario.Strict ? "synchronous_mode_strict" : "asynchronous")}:");
                for (var run = 1; run <= (scenario.Strict ? parameters.StrictRuns : parameters.Runs); run++)
                {
                    number++;
                    try
                    {
                        var result = await new HaRun(hippo, scenario, number, primaryConnection, instances, progress).RunAsync();
                        runs.Add(result);
                        await progress.WriteLineAsync(Describe(result));
                    }
                    catch (Exception e) when (e is TimeoutException or InvalidOperationException or NpgsqlException or System.Text.Json.JsonException)
                    {
                        failures.Add($"{scenario.Key} run {run}: {e.Message}");
                        await progress.WriteLineAsync($"  run {run} failed: {e.Message}");
                        try
                        {
                            await RepairAsync(hippo, scenario.Strict);
                        }
                        catch (Exception repair) when (repair is TimeoutException or InvalidOperationException or System.Text.Json.JsonException)
                        {
                            // The runs so far are still reported; the rest of the matrix is not measured.
                            failures.Add($"hippo could not be repaired after {scenario.Key} run {run}, so the matrix stopped there: {repair.Message}");
                            await progress.WriteLineAsync("  " + failures[^1]);
                            return new HaResults(bootstrap, runs, failures);
                        }
                    }
                }
            }

            return new HaResults(bootstrap, runs, failures);
        }
        finally
        {
            foreach (var relay in instanceRelays.Values)
            {
                await relay.DisposeAsync();
            }
        }
    }

    /// <summary>After a failed run: every node up, every partition healed, and hippo whole again.</summary>
    private static async Task RepairAsync(HippoControl hippo, bool strict)
    {
        await hippo.Cluster.Faults.HealAllAsync();
        foreach (var (node, running) in hippo.Cluster.Faults.Nodes)
        {
            if (!running)
            {
                await hippo.Cluster.Faults.StartNodeAsync(node);
            }

            // A fenced node's taint goes too.
            if ((await hippo.KubectlAsync("get", "node", node, "-o", "jsonpath={.spec.taints[*].key}")).Contains(OutOfServiceTaint, StringComparison.Ordinal))
            {
                await hippo.KubectlAsync("taint", "node", node, OutOfServiceTaint + "-");
            }
        }

        try
        {
            await hippo.HealthyAsync(strict, TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            // What an operator on call would do next: delete the instance pods that are not the leader, so that their
            // StatefulSets start them afresh, and wait again.
            await hippo.DeleteReplicaPodsAsync();
            await hippo.HealthyAsync(strict, TimeSpan.FromMinutes(4));
        }
    }

    private static string Describe(HaRunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"  run {r.Run}: {r.OldPrimary} -> {r.NewPrimary}; writes unavailable {r.UnavailableSeconds:F2} s (detection {Format(r.DetectionSeconds)}, promotion {Format(r.PromotionSeconds)}, endpoint {Format(r.EndpointSeconds)}, resumed {Format(r.WritesResumedSeconds)}); rejoined {Format(r.RejoinSeconds)}; {r.Acknowledged} acknowledged, {r.Lost} lost; {r.SplitBrainRounds} of {r.ProbeRounds} probe rounds with two primaries");

    private static string Format(double? seconds) => seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) + " s" : "-";

    /// <summary>One injection of one scenario, with its checker, probe and leader readings.</summary>
    private sealed class HaRun(
        HippoControl hippo, HaScenario scenario, int number, NpgsqlConnectionStringBuilder primaryConnection,
        IReadOnlyDictionary<string, NpgsqlConnectionStringBuilder> instances, TextWriter progress)
    {
        private static readonly TimeSpan s_failoverTimeout = TimeSpan.FromMinutes(2);

        public async Task<HaRunResult> RunAsync()
        {
            var (primary, _) = await hippo.HealthyOnDistinctNodesAsync(scenario.Strict, TimeSpan.FromMinutes(3));
            var node = await hippo.PodFieldAsync(primary, "{.spec.nodeName}");
            await using var probe = new PrimaryProbe(instances);
            await using var leader = new LeaderEndpoints(hippo.Cluster.Client, HippoControl.Namespace, "hippo-ha");
            var writer = new WriteChecker(primaryConnection, number);
            writer.Start();
            long endedAt;
            long injectedAt;
            long? repairedAt = null;
            try
            {
                // Writes flow before the fault, or the run measures nothing.
                await hippo.UntilAsync(() => Task.FromResult(writer.AcknowledgedWrites.Count >= 20), "writes flow through hippo-primary", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
                await Task.Delay(TimeSpan.FromSeconds(1));

                injectedAt = Stopwatch.GetTimestamp();
                await InjectAsync(primary, node);

                // Another instance takes writes: Patroni promoted it.
                await hippo.UntilAsync(() => Task.FromResult(probe.Rounds.Any(r => r.At > injectedAt && r.States.Any(s => s.Key != primary && s.Value == InstanceState.Writable))),
                    "another instance is promoted", s_failoverTimeout, TimeSpan.FromMilliseconds(50));
                if (!scenario.Planned)
                {
                    if (!scenario.Strict)
                    {
                        await SteadyWritesAsync(writer, injectedAt);
                    }

                    repairedAt = Stopwatch.GetTimestamp();
                    await RepairAsync(node, primary);
                }

                await SteadyWritesAsync(writer, injectedAt);
                await hippo.HealthyAsync(scenario.Strict, TimeSpan.FromMinutes(4));
            }
            finally
            {
                await writer.StopAsync();
                endedAt = Stopwatch.GetTimestamp();
            }

            var rejoinedAt = Stopwatch.GetTimestamp();
            var (newPrimary, _) = await hippo.HealthyAsync(scenario.Strict, TimeSpan.FromMinutes(1));
            var newIp = await hippo.PodFieldAsync(newPrimary, "{.status.podIP}");
            var acknowledged = writer.AcknowledgedWrites;
            var lost = await LostAsync(acknowledged);
            var rounds = probe.Rounds.Where(r => r.At >= injectedAt).ToList();
            var readings = leader.Readings;
            var (unavailable, resumedAt) = HaTimeline.LongestGap(acknowledged, injectedAt, endedAt);
            await DescribeFailuresAsync(writer.FailedWrites.Where(f => f.At >= injectedAt && f.At <= (resumedAt ?? endedAt)), injectedAt);
            await writer.DisposeAsync();
            return new HaRunResult(
                scenario, number, primary, newPrimary, unavailable,
                HaTimeline.Detection(readings, injectedAt, primary),
                HaTimeline.Promotion(rounds, injectedAt, primary, newPrimary),
                HaTimeline.EndpointSwitch(readings, injectedAt, newIp),
                HaTimeline.Since(injectedAt, resumedAt),
                HaTimeline.Since(repairedAt ?? injectedAt, rejoinedAt),
                acknowledged.Count, lost, HaTimeline.SplitBrainRounds(rounds), rounds.Count, writer.Failures);
        }

        /// <summary>What the client saw while it could not write: each kind of failure, how often, first and last.</summary>
        private async Task DescribeFailuresAsync(IEnumerable<WriteChecker.FailedWrite> failures, long injectedAt)
        {
            foreach (var kind in failures.GroupBy(f => f.Reason))
            {
                var times = kind.Select(f => Stopwatch.GetElapsedTime(injectedAt, f.At).TotalSeconds).ToList();
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    client: {kind.Count()} x \"{kind.Key}\" from {times.Min():F2} s to {times.Max():F2} s"));
            }
        }

        private async Task InjectAsync(string primary, string node)
        {
            switch (scenario.Fault)
            {
                case HaFault.Switchover:
                    await hippo.KubectlAsync("annotate", "ivorycluster", "hippo", "-n", HippoControl.Namespace,
                        "ivory-operator.ivorysql.org/trigger-switchover=bench-" + number.ToString(CultureInfo.InvariantCulture), "--overwrite");
                    break;
                case HaFault.DeletePrimaryPod:
                    await hippo.KubectlAsync("delete", "pod", primary, "-n", HippoControl.Namespace, "--wait=false");
                    break;
                case HaFault.StopPrimaryNode:
                    await hippo.Cluster.Faults.StopNodeAsync(node);
                    break;
                case HaFault.PartitionPrimaryPod:
                    await hippo.Cluster.Faults.PartitionPodAsync(HippoControl.Namespace, primary);
                    break;
                case HaFault.StopPrimaryNodeFenced:
                    await hippo.Cluster.Faults.StopNodeAsync(node);
                    await hippo.KubectlAsync("taint", "node", node, OutOfServiceTaint + "=nodeshutdown:NoExecute");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Fault, null);
            }
        }

        private async Task RepairAsync(string node, string primary)
        {
            if (scenario.Fault is HaFault.StopPrimaryNode or HaFault.StopPrimaryNodeFenced)
            {
                await hippo.Cluster.Faults.StartNodeAsync(node);
                if (scenario.Fault == HaFault.StopPrimaryNodeFenced)
                {
                    await hippo.KubectlAsync("taint", "node", node, OutOfServiceTaint + "-");
                }
            }
            else
            {
                await hippo.Cluster.Faults.HealPodAsync(HippoControl.Namespace, primary);
            }
        }

        /// <summary>Waits until writes have been acknowledged for a while after the fault, without a gap.</summary>
        private Task SteadyWritesAsync(WriteChecker writer, long injectedAt) =>
            hippo.UntilAsync(() =>
            {
                var after = writer.AcknowledgedWrites.Where(a => a.At > injectedAt).Select(a => a.At).ToList();
                if (after.Count < 2)
                {
                    return Task.FromResult(false);
                }

                // The newest stretch with no gap longer than a second lasts long enough.
                var start = after[^1];
                for (var i = after.Count - 2; i >= 0 && Stopwatch.GetElapsedTime(after[i], after[i + 1]) < TimeSpan.FromSeconds(1); i--)
                {
                    start = after[i];
                }

                return Task.FromResult(Stopwatch.GetElapsedTime(start, after[^1]) >= s_steadyWrites);
            }, "writes flow again through hippo-primary", s_failoverTimeout + TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));

        /// <summary>The acknowledged writes that the table does not have, read through hippo-primary.</summary>
        private async Task<int> LostAsync(IReadOnlyList<WriteChecker.Acknowledged> acknowledged)
        {
            var present = new HashSet<long>();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(primaryConnection.ConnectionString);
                    await connection.OpenAsync();
                    await using var read = new NpgsqlCommand($"SELECT seq FROM {WriteChecker.Table} WHERE run = $1", connection);
                    read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = number });
                    await using var rows = await read.ExecuteReaderAsync();
                    while (await rows.ReadAsync())
                    {
                        present.Add(rows.GetInt64(0));
                    }

                    return acknowledged.Count(a => !present.Contains(a.Sequence));
                }
                catch (NpgsqlException e) when (clock.Elapsed < TimeSpan.FromMinutes(1))
                {
                    await progress.WriteLineAsync("  (reading the checker's rows again: " + e.Message + ")");
                    present.Clear();
                    await Task.Delay(500);
                }
            }
        }
    }
}
