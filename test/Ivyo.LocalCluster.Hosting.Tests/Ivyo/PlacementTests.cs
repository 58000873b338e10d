using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// The tutorial's "Pod Anti-affinity" section on hippo and three nodes: its manifests applied with
/// <c>kubectl apply -k</c>, its <c>kubectl get pods -o wide</c> read for the NODE column. Applying them rolls the
/// running instances onto the new template (IVYO's rollout); scaling the required variant to 4 instances on 3 nodes
/// leaves one Pending and Unschedulable while the cluster keeps serving. hippo is put back as the fixture made it.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class PlacementTests(HippoOnLocalCluster hippo)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string Selector = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";

    [Fact]
    public async Task Anti_affinity_puts_instances_on_distinct_nodes_and_a_fourth_instance_on_three_nodes_stays_pending()
    {
        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            await ApplyAsync("preferred-anti-affinity");
            var preferred = await UntilRolledAsync("preferredDuringSchedulingIgnoredDuringExecution", instances: 2);
            Assert.Equal(2, preferred.Select(pod => pod.Node).Distinct().Count());

            await ApplyAsync("required-anti-affinity");
            var required = await UntilRolledAsync("requiredDuringSchedulingIgnoredDuringExecution", instances: 2);
            Assert.Equal(2, required.Select(pod => pod.Node).Distinct().Count());

            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":4}]""", "json");
            IReadOnlyList<WidePod> pods = [];
            await HippoOnLocalCluster.UntilAsync(async () =>
            {
                pods = await WidePodsAsync();
                return pods.Count == 4 && pods.Count(pod => pod.Ready) == 3 && pods.Count(pod => pod.Status == "Pending") == 1;
            }, "3 of 4 instances run and one is Pending", TimeSpan.FromMinutes(4));
            Assert.Equal(3, pods.Where(pod => pod.Ready).Select(pod => pod.Node).Distinct().Count());
            var pending = pods.Single(pod => pod.Status == "Pending");
            Assert.Equal("<none>", pending.Node);
            var reason = await hippo.KubectlAsync("get", "pod", pending.Name, "-n", Namespace, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}");
            Assert.Equal("Unschedulable", reason.Output);
            var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", $"involvedObject.name={pending.Name},reason=FailedScheduling",
                "-o", "jsonpath={.items[0].message}");
            Assert.Contains("didn't match pod anti-affinity rules", events.Output, StringComparison.Ordinal);

            // The cluster still serves writes through hippo-primary.
            var uri = await hippo.UserUriAsync();
            var primary = (await hippo.RolesAsync()).Single(pair => pair.Value is "master" or "primary").Key;
            var written = await hippo.PsqlAsync(primary, "CREATE TABLE IF NOT EXISTS placed (id int); INSERT INTO placed VALUES (1); SELECT count(*) FROM placed", uri);
            Assert.True(written.ExitCode == 0, written.Error);
        },
        async () =>
        {
            await ApplyAsync("ivory");
            await UntilRolledAsync(null, instances: 2);
            await hippo.UntilHealthyAsync();
        });
    }

    /// <summary>One row of the tutorial's <c>kubectl get pods -o wide</c>.</summary>
    private sealed record WidePod(string Name, bool Ready, string Status, string Node);

    private async Task ApplyAsync(string example)
    {
        var applied = await hippo.KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", example));
        Assert.True(applied.ExitCode == 0, applied.Error);
    }

    /// <summary>The tutorial's command, its columns NAME READY STATUS RESTARTS AGE IP NODE ... read by position.</summary>
    private async Task<IReadOnlyList<WidePod>> WidePodsAsync()
    {
        var listed = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-o", "wide", "--selector=" + Selector);
        Assert.True(listed.ExitCode == 0, listed.Error);
        return [.. listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(columns =>
            {
                var ready = columns[1].Split('/');
                return new WidePod(columns[0], ready[0] == ready[1], columns[2], columns[6]);
            })];
    }

    /// <summary>
    /// Waits until hippo has <paramref name="instances"/> ready instance pods whose spec has the anti-affinity
    /// <paramref name="kind"/> (or, when null, that run their StatefulSets' current template), that is, the rollout of
    /// the applied template is done.
    /// </summary>
    private async Task<IReadOnlyList<WidePod>> UntilRolledAsync(string? kind, int instances)
    {
        IReadOnlyList<WidePod> pods = [];
        async Task<bool> RolledAsync()
        {
            pods = await WidePodsAsync();
            if (pods.Count != instances || !pods.All(pod => pod.Ready))
            {
                return false;
            }

            if (kind is null)
            {
                // Back to the plain template: every pod runs its StatefulSet's update revision.
                var revisions = await hippo.KubectlAsync("get", "statefulsets", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/instance",
                    "-o", "jsonpath={range .items[*]}{.metadata.name}-0={.status.updateRevision}{\"\\n\"}{end}");
                var running = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + Selector,
                    "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.controller-revision-hash}{\"\\n\"}{end}");
                var plain = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + Selector,
                    "-o", "jsonpath={.items[*].spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution}{.items[*].spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution}");
                return plain.Output.Trim().Length == 0 && revisions.Output.Trim().Length > 0
                    && revisions.Output.Split('\n').Order().SequenceEqual(running.Output.Split('\n').Order());
            }

            var specs = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + Selector, "-o", "json");
            return JsonNode.Parse(specs.Output)!["items"]!.AsArray().All(pod => pod!["spec"]!["affinity"]?["podAntiAffinity"]?[kind] is not null);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await RolledAsync())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(4))
            {
                // What the rollout is waiting for: pods, StatefulSet revisions, and the operator's last words.
                var state = await hippo.KubectlAsync("get", "pods,statefulsets", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/cluster=hippo",
                    "-L", "controller-revision-hash,ivory-operator.ivorysql.org/role", "-o", "wide");
                var revisions = await hippo.KubectlAsync("get", "statefulsets", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/instance",
                    "-o", "jsonpath={range .items[*]}{.metadata.name} gen={.metadata.generation} observed={.status.observedGeneration} update={.status.updateRevision}{\"\\n\"}{end}");
                var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo", "--sort-by=.lastTimestamp");
                Assert.Fail($"Timed out waiting until {instances} ready instance pods with {kind ?? "no anti-affinity"}:\n{state.Output}\n{revisions.Output}\n{string.Join('\n', events.Output.Split('\n').TakeLast(15))}");
            }

            await Task.Delay(500);
        }

        return pods;
    }
}
