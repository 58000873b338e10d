using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// How IVYO changes the pods of a running cluster, on real Patroni and PostgreSQL: a template change rolls the
/// replica first, then switches over, then rolls the old primary; <c>spec.shutdown</c> stops the primary last and
/// starts it first. Each test watches the pods through the API (a sample every 250 ms) and asserts on the order it saw.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class RolloutAndShutdownTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string InstancePods = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";

    [Fact]
    public async Task A_template_change_rolls_the_replica_then_switches_over_then_rolls_the_old_primary()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        var replica = replicas[0];
        var before = await PodsAsync();
        await WriteRowAsync(primary, "rollout");
        var writer = await HippoWriter.StartAsync(hippo, "rolled");
        try
        {
            await RollAsync(primary, replica, before);
            // A client writing through hippo-primary all along: the replica's roll cost it nothing; the switchover is
            // its only gap (the old primary's shutdown checkpoint, then the Service following Patroni's new leader, as
            // docs/benchmarks.md measures for a planned switchover); no acknowledged row is lost.
            var writes = await writer.StopAsync();
            output.WriteLine($"the client wrote through hippo-primary during the rollout: {writes.Describe()}");
            Assert.True(writes.Acknowledged > 10, writes.Describe());
            Assert.Empty(writes.LostAcknowledged);
            Assert.True(writes.Gaps().Count <= 1, writes.Describe());
            Assert.All(writes.Gaps(), gap => Assert.True(gap.Unavailable < TimeSpan.FromSeconds(15), writes.Describe()));
        }
        finally
        {
            await writer.StopQuietlyAsync();
        }
    }

    private async Task RollAsync(string primary, string replica, Dictionary<string, PodState> before)
    {
        await PatchAsync("json", """[{"op":"add","path":"/spec/instances/0/resources","value":{"requests":{"cpu":"20m","memory":"32Mi"}}}]""");
        var samples = await SampleUntilAsync(pods => pods.Count == 2 && pods.Values.All(pod => pod.Ready && !pod.Terminating && before[pod.Name].Uid != pod.Uid),
            "both instance pods are replaced and ready", TimeSpan.FromMinutes(4));

        // The replica's pod was replaced before the primary's, and the primary's only after a switchover had made it a
        // replica (the operator's events say what the pod was when it deleted it; the samples can miss the moment).
        var firstReplaced = samples.SelectMany(sample => sample.Values).First(pod => pod.Uid != before[pod.Name].Uid || pod.Terminating);
        Assert.Equal(replica, firstReplaced.Name);
        var deletions = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=RolloutInstance",
            "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
        Assert.Contains($"Deleted pod {primary} (replica)", deletions.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(primary)", deletions.Output, StringComparison.Ordinal);
        var (newPrimary, _) = await hippo.StableRolesAsync();
        Assert.Equal(replica, newPrimary);

        foreach (var pod in new[] { primary, replica })
        {
            var resources = await hippo.KubectlAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath={.spec.containers[?(@.name==\"database\")].resources.requests.cpu}");
            Assert.Equal("20m", resources.Output);
        }

        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"Ready\")].status}") == "True"
                && await hippo.ClusterFieldAsync("{.status.instances[0].updatedReplicas}") == "2",
            "hippo is Ready with both instances updated", TimeSpan.FromMinutes(2));
        var switchovers = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=RolloutSwitchover", "-o", "name");
        Assert.NotEmpty(switchovers.Output.Trim());
        await AssertRowEverywhereAsync("rollout");
    }

    [Fact]
    public async Task Shutdown_stops_the_primary_last_and_starts_it_first()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        var replica = replicas[0];
        var primaryInstance = primary[..primary.LastIndexOf('-')];
        await WriteRowAsync(primary, "shutdown");

        await PatchAsync("merge", """{"spec":{"shutdown":true}}""");
        var down = await SampleUntilAsync(pods => pods.Count == 0, "every instance pod is gone", TimeSpan.FromMinutes(3));
        Assert.Equal(primaryInstance, await hippo.ClusterFieldAsync("{.status.startupInstance}"));
        // While the replica's pod was going away, the primary's ran on; it went only after the replica's was gone.
        var primaryStopping = down.FindIndex(sample => sample.GetValueOrDefault(primary) is not { Terminating: false });
        var replicaStopping = down.FindIndex(sample => sample.GetValueOrDefault(replica) is not { Terminating: false });
        Assert.True(replicaStopping < primaryStopping, $"the replica began stopping at sample {replicaStopping}, the primary at {primaryStopping}");
        Assert.DoesNotContain(down.Skip(primaryStopping), sample => sample.ContainsKey(replica));
        Assert.Equal("Shutdown", await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"Ready\")].reason}"));

        await PatchAsync("merge", """{"spec":{"shutdown":false}}""");
        var up = await SampleUntilAsync(pods => pods.Count == 2 && pods.Values.All(pod => pod.Ready),
            "both instance pods run and are ready", TimeSpan.FromMinutes(4));
        // The old primary's pod came back alone first (the replica's only once it leads, which can be within one
        // sample, so the samples cannot show the label in between), and it leads again: no failover happened.
        var replicaBack = up.FindIndex(sample => sample.ContainsKey(replica));
        var primaryBack = up.FindIndex(sample => sample.ContainsKey(primary));
        Assert.True(primaryBack >= 0 && primaryBack < replicaBack, $"the primary's pod was back at sample {primaryBack}, the replica's at {replicaBack}");
        var (newPrimary, _) = await hippo.StableRolesAsync();
        Assert.Equal(primary, newPrimary);
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.startupInstance}") == ""
                && await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"Ready\")].status}") == "True",
            "hippo is Ready and no startup instance is recorded", TimeSpan.FromMinutes(2));
        await AssertRowEverywhereAsync("shutdown");
    }

    /// <summary>One instance pod as a sample saw it.</summary>
    private sealed record PodState(string Name, string Uid, string? Role, bool Ready, bool Terminating);

    private async Task<Dictionary<string, PodState>> PodsAsync()
    {
        var read = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-l", InstancePods, "-o", "json");
        Assert.True(read.ExitCode == 0, read.Error);
        return JsonNode.Parse(read.Output)!["items"]!.AsArray().OfType<JsonObject>()
            .Select(pod => new PodState(
                (string)pod["metadata"]!["name"]!,
                (string)pod["metadata"]!["uid"]!,
                (string?)pod["metadata"]!["labels"]?["ivory-operator.ivorysql.org/role"],
                pod["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true,
                pod["metadata"]!["deletionTimestamp"] is not null))
            .ToDictionary(pod => pod.Name, StringComparer.Ordinal);
    }

    /// <summary>Samples the instance pods every 250 ms until <paramref name="done"/>; every sample, in order.</summary>
    private async Task<List<Dictionary<string, PodState>>> SampleUntilAsync(Func<Dictionary<string, PodState>, bool> done, string what, TimeSpan timeout)
    {
        var samples = new List<Dictionary<string, PodState>>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pods = await PodsAsync();
            samples.Add(pods);
            if (done(pods))
            {
                return samples;
            }

            Assert.True(clock.Elapsed < timeout,
                $"Timed out after {timeout} waiting until {what}; last: {string.Join(", ", pods.Values.Select(pod => $"{pod.Name} {pod.Role} ready={pod.Ready} terminating={pod.Terminating}"))}");
            await Task.Delay(250);
        }
    }

    private async Task WriteRowAsync(string primary, string value)
    {
        var written = await hippo.PsqlAsync(primary, $"CREATE TABLE IF NOT EXISTS marks (value text); INSERT INTO marks VALUES ('{value}')");
        Assert.True(written.ExitCode == 0, written.Error);
    }

    private async Task AssertRowEverywhereAsync(string value)
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        foreach (var pod in replicas.Prepend(primary))
        {
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(pod, $"SELECT count(*) FROM marks WHERE value = '{value}'")).Output.Trim() == "1",
                $"the row '{value}' is on {pod}", TimeSpan.FromMinutes(1));
        }
    }

    private async Task PatchAsync(string type, string patch)
    {
        var patched = await hippo.KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", type, "-p", patch);
        Assert.True(patched.ExitCode == 0, patched.Error);
    }
}
