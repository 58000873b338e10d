using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.Testing;
using Npgsql;

using Cluster = Ivyo.LocalCluster.Hosting.LocalCluster;

namespace Ivyo.Bench.HighAvailability;

/// <summary>
/// The tutorial's <c>hippo</c> on a local cluster, driven as a user drives it: real kubectl with the admin
/// kubeconfig (<c>apply -k</c>, <c>patch</c>, <c>annotate</c>, <c>delete</c>, <c>exec ... patronictl</c>), and
/// PostgreSQL clients on the host that reach <c>hippo-primary</c> and each instance through the cluster's network.
/// </summary>
public sealed class HippoControl(Cluster cluster, TextWriter progress)
{
    public const string Namespace = "ivory-operator";
    private const string InstanceSelector = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";

    public Cluster Cluster => cluster;

    public async Task<string> KubectlAsync(params string[] args)
    {
        var result = await Kubectl.RunAsync(cluster.KubeconfigPath, args, timeout: TimeSpan.FromMinutes(4));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {result.ExitCode}: {result.Error.Trim()}");
        }

        return result.Output;
    }

    /// <summary>IVYO as the README installs it (<c>kubectl apply -k config/local</c>), until its Deployment is rolled out.</summary>
    public async Task InstallOperatorAsync()
    {
        await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("config", "local"));
        await KubectlAsync("rollout", "status", "deployment/ivyo", "-n", Namespace, "--timeout=200s");
    }

    /// <summary><c>kubectl apply -k examples/kustomize/ivory</c> until hippo is Ready with two streaming instances; seconds taken.</summary>
    public async Task<double> ApplyUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        await KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"));
        await UntilAsync(async () => await KubectlAsync("get", "ivorycluster", "hippo", "-n", Namespace, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}") == "True", "hippo is Ready", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(200));
        var ready = clock.Elapsed.TotalSeconds;
        await HealthyAsync(strict: false, TimeSpan.FromMinutes(3));
        return ready;
    }

    /// <summary>Deletes hippo and waits until none of its pods is left.</summary>
    public async Task DeleteAsync()
    {
        await KubectlAsync("delete", "ivorycluster", "hippo", "-n", Namespace, "--timeout=240s");
        await UntilAsync(async () => (await KubectlAsync("get", "pods", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/cluster=hippo", "-o", "name")).Trim().Length == 0,
            "hippo's pods are gone", TimeSpan.FromMinutes(4), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>
    /// Sets Patroni's timing and the replication mode on the running cluster (a merge patch of the IvoryCluster, as
    /// the tutorial edits it) and waits until Patroni's own configuration has them and the cluster is whole.
    /// </summary>
    public async Task ApplyProfileAsync(HaProfile profile, bool strict)
    {
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["patroni"] = new JsonObject
                {
                    ["leaderLeaseDurationSeconds"] = profile.LeaseSeconds,
                    ["syncPeriodSeconds"] = profile.SyncPeriodSeconds,
                    ["switchover"] = new JsonObject { ["enabled"] = true },
                    ["dynamicConfiguration"] = new JsonObject
                    {
                        ["retry_timeout"] = profile.RetryTimeoutSeconds,
                        ["synchronous_mode"] = strict,
                        ["synchronous_mode_strict"] = strict,
                    },
                },
            },
        };
        await KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", "merge", "-p", patch.ToJsonString());
        await UntilAsync(async () =>
        {
            var text = await KubectlAsync("get", "endpoints", "hippo-ha-config", "-n", Namespace, "-o", "jsonpath={.metadata.annotations.config}");
            return text.Trim().Length > 0 && JsonNode.Parse(text) is JsonObject config
                && Number(config["ttl"]) == profile.LeaseSeconds && Number(config["loop_wait"]) == profile.SyncPeriodSeconds
                && Number(config["retry_timeout"]) == profile.RetryTimeoutSeconds
                && Flag(config["synchronous_mode"]) == strict && Flag(config["synchronous_mode_strict"]) == strict;
        }, $"Patroni runs with {profile.Describe()}, synchronous_mode_strict {strict}", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(500));
        await HealthyAsync(strict, TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// Waits until hippo is whole: Patroni lists a leader and one replica (a synchronous standby when
    /// <paramref name="strict"/>), the replica streams from the leader, and the pods' role labels agree; returns them.
    /// </summary>
    public async Task<(string Primary, string Replica)> HealthyAsync(bool strict, TimeSpan timeout)
    {
        (string, string)? found = null;
        string last = "";
        await UntilAsync(async () =>
        {
            var pods = (await KubectlAsync("get", "pods", "-n", Namespace, "-l", InstanceSelector, "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.metadata.labels.ivory-operator\\.ivorysql\\.org/role} {.status.phase} {.metadata.deletionTimestamp}{\"\\n\"}{end}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
            var running = pods.Where(p => p.Length >= 3 && p[2] == "Running").Select(p => p[0]).ToList();
            if (running.Count == 0)
            {
                last = "no instance pod runs";
                return false;
            }

            // A pod on its way out (evicted from a fenced node, say) still streams until its node finishes it: whole
            // means no instance is about to be replaced.
            if (pods.FirstOrDefault(p => p.Length == 4 && p[3].Length > 0) is { } leaving)
            {
                last = $"{leaving[0]} is terminating";
                return false;
            }

            // A rollout (a Patroni timing change alters the probes, so the pod template) must be over: IVYO has
            // seen the spec, and every instance pod runs its StatefulSet's update revision. Otherwise a run could
            // start while IVYO is about to switch the primary over and restart it.
            if (await RolloutPendingAsync() is { } pending)
            {
                last = pending;
                return false;
            }

            var list = await Kubectl.RunAsync(cluster.KubeconfigPath, ["exec", "-n", Namespace, running[0], "-c", "database", "--", "patronictl", "list", "-f", "json"],
                timeout: TimeSpan.FromSeconds(20));
            if (list.ExitCode != 0 || list.Output.Trim().Length == 0 || JsonNode.Parse(list.Output) is not JsonArray members)
            {
                // A pod that is going away can end the exec before patronictl printed anything.
                last = $"patronictl list failed (exit {list.ExitCode.ToString(CultureInfo.InvariantCulture)}): " + list.Error.Trim();
                return false;
            }

            last = list.Output.Trim();
            var leader = members.OfType<JsonObject>().SingleOrDefault(m => (string?)m["Role"] == "Leader" && (string?)m["State"] == "running");
            var replicas = members.OfType<JsonObject>().Where(m => (string?)m["Role"] == (strict ? "Sync Standby" : "Replica") || (!strict && (string?)m["Role"] == "Sync Standby"))
                .Where(m => (string?)m["State"] is "running" or "streaming").ToList();
            if (members.Count != 2 || leader is null || replicas.Count != 1)
            {
                // A member whose PostgreSQL does not start says why in its log: keep the end of it for the report.
                if (members.OfType<JsonObject>().FirstOrDefault(m => (string?)m["State"] is "start failed" or "stopped" or "crashed") is { } broken
                    && (string?)broken["Member"] is { } name)
                {
                    var log = await Kubectl.RunAsync(cluster.KubeconfigPath, ["logs", "-n", Namespace, name, "-c", "database", "--tail=12"], timeout: TimeSpan.FromSeconds(20));
                    last += $"; {name}'s log ends: " + string.Join(" | ", log.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                }

                return false;
            }

            var primary = (string)leader["Member"]!;
            var replica = (string)replicas[0]["Member"]!;
            var labels = pods.ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
            if (labels.GetValueOrDefault(primary) is not ("master" or "primary") || labels.GetValueOrDefault(replica) != "replica")
            {
                last = $"role labels lag Patroni: {string.Join(", ", labels.Select(pair => pair.Key + "=" + pair.Value))}";
                return false;
            }

            var streaming = await Kubectl.RunAsync(cluster.KubeconfigPath, ["exec", "-n", Namespace, primary, "-c", "database", "--", "psql", "-X", "-A", "-t", "-c",
                "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'"], timeout: TimeSpan.FromSeconds(20));
            if (streaming.ExitCode != 0 || streaming.Output.Trim() != replica)
            {
                last = $"{replica} does not stream from {primary}: {streaming.Output.Trim()}{streaming.Error.Trim()}";
                return false;
            }

            found = (primary, replica);
            return true;
        }, () => "hippo is whole; last: " + last, timeout, TimeSpan.FromMilliseconds(500));
        return found!.Value;
    }

    /// <summary>What keeps an instance rollout from being over, or null when it is: the IvoryCluster's generation not yet
    /// observed, or an instance pod that does not run its StatefulSet's update revision.</summary>
    private async Task<string?> RolloutPendingAsync()
    {
        var generations = (await KubectlAsync("get", "ivorycluster", "hippo", "-n", Namespace, "-o",
            "jsonpath={.metadata.generation} {.status.observedGeneration}")).Split(' ');
        if (generations.Length != 2 || generations[0] != generations[1])
        {
            return "IVYO has not observed the IvoryCluster's generation yet: " + string.Join(" vs ", generations);
        }

        var revisions = (await KubectlAsync("get", "statefulsets", "-n", Namespace, "-l", InstanceSelector, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.status.updateRevision}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2).ToDictionary(parts => parts[0] + "-0", parts => parts[1], StringComparer.Ordinal);
        var pods = (await KubectlAsync("get", "pods", "-n", Namespace, "-l", InstanceSelector, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.labels.controller-revision-hash}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
        foreach (var pod in pods)
        {
            if (pod.Length != 2 || revisions.GetValueOrDefault(pod[0]) is not { } revision || revision != pod[1])
            {
                return $"{pod[0]} does not run its StatefulSet's update revision yet";
            }
        }

        return null;
    }

    /// <summary>Deletes every instance pod not labelled primary (their StatefulSets recreate them).</summary>
    /// <summary>
    /// <see cref="HealthyAsync"/>, with the two instances on different nodes. hippo has no anti-affinity (the tutorial
    /// adds it later): an instance evicted from a fenced node may be rescheduled next to the other one, and a node
    /// fault would then take both. Then the replica is deleted, as an operator on call would, so that the scheduler
    /// spreads it again (IVYO's default spread constraints prefer another node).
    /// </summary>
    public async Task<(string Primary, string Replica)> HealthyOnDistinctNodesAsync(bool strict, TimeSpan timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (primary, replica) = await HealthyAsync(strict, timeout);
            var node = await PodFieldAsync(primary, "{.spec.nodeName}");
            if (node != await PodFieldAsync(replica, "{.spec.nodeName}") || attempt > 3)
            {
                return (primary, replica);
            }

            await progress.WriteLineAsync($"  (both instances on {node}: deleting {replica})");
            await KubectlAsync("delete", "pod", replica, "-n", Namespace, "--wait=false");
        }
    }

    public async Task DeleteReplicaPodsAsync()
    {
        var pods = (await KubectlAsync("get", "pods", "-n", Namespace, "-l", InstanceSelector, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.labels.ivory-operator\\.ivorysql\\.org/role}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
        foreach (var pod in pods.Where(p => p.Length < 2 || p[1] is not ("master" or "primary")))
        {
            await progress.WriteLineAsync($"  (repair: deleting {pod[0]})");
            await KubectlAsync("delete", "pod", pod[0], "-n", Namespace, "--wait=false");
        }
    }

    public async Task<string> PodFieldAsync(string pod, string jsonPath) =>
        (await KubectlAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath=" + jsonPath)).Trim();

    /// <summary>The connection of hippo's user from its Secret, to <paramref name="port"/> on loopback (a relay into the cluster).</summary>
    public async Task<NpgsqlConnectionStringBuilder> UserConnectionAsync(int port)
    {
        string Field(string json, string key) => Encoding.UTF8.GetString(Convert.FromBase64String((string)JsonNode.Parse(json)!["data"]![key]!));
        var secret = await KubectlAsync("get", "secret", "hippo-pguser-hippo", "-n", Namespace, "-o", "json");
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = Field(secret, "user"),
            Password = Field(secret, "password"),
            Database = Field(secret, "dbname"),
            SslMode = SslMode.Require,
            Pooling = false,
            Timeout = 2,
            CommandTimeout = 5,
            CancellationTimeout = -1,
        };
    }

    /// <summary>Where <c>hippo-primary</c> resolves: a headless Service whose Endpoints name the <c>hippo-ha</c> ClusterIP.</summary>
    public async Task<System.Net.IPEndPoint> PrimaryAddressAsync()
    {
        var ip = await KubectlAsync("get", "endpoints", "hippo-primary", "-n", Namespace, "-o", "jsonpath={.subsets[0].addresses[0].ip}");
        return new System.Net.IPEndPoint(System.Net.IPAddress.Parse(ip.Trim()), 5432);
    }

    /// <summary>The client pod's name and container: a shell that sleeps, whose network namespace the writer's connections come from.</summary>
    public const string ClientPod = "ha-client";

    public const string ClientContainer = "client";

    /// <summary>
    /// Starts the client pod on a node that runs no hippo instance (required anti-affinity to instance pods; the repo host may share its node), so that stopping or
    /// partitioning the primary's node leaves the client where an application would be, and waits until it runs.
    /// </summary>
    public async Task StartClientPodAsync()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"ivyo-ha-client-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.json");
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = ClientPod, ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = ClientContainer,
                    ["image"] = "busybox",
                    ["command"] = new JsonArray("sleep", "infinity"),
                }),
                ["affinity"] = new JsonObject
                {
                    ["podAntiAffinity"] = new JsonObject
                    {
                        ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                        {
                            ["topologyKey"] = "kubernetes.io/hostname",
                            ["labelSelector"] = new JsonObject
                            {
                                ["matchLabels"] = new JsonObject { ["ivory-operator.ivorysql.org/cluster"] = "hippo" },
                                ["matchExpressions"] = new JsonArray(new JsonObject
                                {
                                    ["key"] = "ivory-operator.ivorysql.org/instance",
                                    ["operator"] = "Exists",
                                }),
                            },
                        }),
                    },
                },
            },
        };
        await File.WriteAllTextAsync(manifest, pod.ToJsonString());
        try
        {
            await KubectlAsync("apply", "-f", manifest);
        }
        finally
        {
            File.Delete(manifest);
        }

        await KubectlAsync("wait", "--for=condition=Ready", "pod/" + ClientPod, "-n", Namespace, "--timeout=120s");
    }

    public Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan interval) =>
        UntilAsync(condition, () => what, timeout, interval);

    private async Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan timeout, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            bool met;
            try
            {
                met = await condition();
            }
            catch (InvalidOperationException e)
            {
                // kubectl failed (an exec into a pod that is going away): asked again.
                await progress.WriteLineAsync("  (retrying: " + e.Message.Split('\n')[0] + ")");
                met = false;
            }

            if (met)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s waiting until {what()}.");
            }

            await Task.Delay(interval);
        }
    }

    private static int? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
