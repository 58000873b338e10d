using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 2.6 (the last two bullets): the tutorial's "Pod Topology Spread Constraints" on hippo. The three nodes
/// are labelled <c>my-node-label=one|two|three</c> with <c>kubectl label node</c>, then
/// <c>examples/kustomize/topology-spread</c> is applied to the running hippo: it scales from 2 to 5 instances spread
/// with <c>maxSkew: 1</c> and <c>DoNotSchedule</c>, and IVYO rolls the two existing instances and the repo host onto the
/// templates with the constraints. The tutorial's <c>kubectl get pods -o wide</c> then shows 2/2/1, and the repo host
/// carries its <c>ScheduleAnyway</c> constraint. hippo is put back as the fixture made it, and the labels removed.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class TopologySpreadTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string TopologyKey = "my-node-label";
    private const string InstanceSelector = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";
    private const string RepoHost = "hippo-repo-host-0";

    [Fact]
    public async Task Five_instances_spread_two_two_one_over_three_labelled_nodes_and_the_repo_host_carries_its_constraint()
    {
        var nodes = await NodesAsync();
        Assert.Equal(3, nodes.Count);
        string[] values = ["one", "two", "three"];
        var labelOf = nodes.Zip(values).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            // The tutorial's premise: a three node cluster labelled my-node-label=one, two and three.
            foreach (var (node, value) in labelOf)
            {
                var labelled = await hippo.KubectlAsync("label", "node", node, $"{TopologyKey}={value}", "--overwrite");
                Assert.True(labelled.ExitCode == 0, labelled.Error);
                output.WriteLine($"$ kubectl label node {node} {TopologyKey}={value}\n{labelled.Output.Trim()}");
            }

            var clock = Stopwatch.StartNew();
            await ApplyAsync("topology-spread");
            var pods = await UntilInstancesAsync(5, pod => SpreadConstraintOf(pod) is not null, "5 ready instances with the spread constraint", TimeSpan.FromMinutes(8));
            output.WriteLine($"5 instances Ready with the spread constraint {clock.Elapsed.TotalSeconds:F0} s after kubectl apply (2 existing ones rolled)");

            // The tutorial's command, read for the NODE column: 2, 2 and 1 instances per node, every one Running and Ready.
            var wide = await WidePodsAsync();
            output.WriteLine(wide.Text);
            var instances = wide.Pods.Where(pod => pod.Name.StartsWith("hippo-instance1-", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, instances.Count);
            Assert.All(instances, pod => Assert.True(pod.Ready && pod.Status == "Running", $"{pod.Name} is {pod.Status}, ready {pod.Ready}"));
            var perNode = instances.GroupBy(pod => pod.Node).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
            Assert.Equal(new[] { 1, 2, 2 }, perNode.Values.Order());
            Assert.All(perNode.Keys, node => Assert.Contains(node, labelOf.Keys));

            // Every instance pod has the instance constraint, as the manifest gives it.
            foreach (var pod in pods)
            {
                var constraint = SpreadConstraintOf(pod)!;
                Assert.Equal(1, (int)constraint["maxSkew"]!);
                Assert.Equal("DoNotSchedule", (string?)constraint["whenUnsatisfiable"]);
                Assert.Equal("instance1", (string?)constraint["labelSelector"]?["matchLabels"]?["ivory-operator.ivorysql.org/instance-set"]);
            }

            // Exactly one primary, four replicas.
            var (primary, replicas) = await hippo.StableRolesAsync(instances: 5);
            output.WriteLine($"primary {primary}, replicas {string.Join(", ", replicas)}");
            Assert.Equal(4, replicas.Count);

            // The repo host: its StatefulSet's template and its pod (rolled onto that template) have the ScheduleAnyway constraint.
            var template = await JsonAsync("statefulset", "hippo-repo-host");
            AssertRepoHostConstraint(template["spec"]!["template"]!["spec"]!, "the StatefulSet hippo-repo-host's template");
            JsonNode repoHost = new JsonObject();
            await HippoOnLocalCluster.UntilAsync(async () =>
            {
                repoHost = await JsonAsync("pod", RepoHost);
                return SpreadConstraintOf(repoHost) is not null && IsReady(repoHost);
            }, $"{RepoHost} runs with the spread constraint", TimeSpan.FromMinutes(3));
            AssertRepoHostConstraint(repoHost["spec"]!, RepoHost);
            var shown = await hippo.KubectlAsync("get", "pod", RepoHost, "-n", Namespace, "-o",
                "jsonpath={range .spec.topologySpreadConstraints[*]}{.topologyKey} {.whenUnsatisfiable} {.labelSelector.matchLabels}{\"\\n\"}{end}");
            output.WriteLine($"{RepoHost} on {repoHost["spec"]!["nodeName"]}, its constraints:\n{shown.Output.Trim()}");
            Assert.Contains((string?)repoHost["spec"]!["nodeName"], labelOf.Keys);
        },
        async () =>
        {
            // Back to 2 instances without constraints; the labels go only once no pod needs them (a DoNotSchedule pod
            // rescheduled on nodes without the topology key would stay Pending).
            var clock = Stopwatch.StartNew();
            await ApplyAsync("ivory");
            await UntilInstancesAsync(2, pod => SpreadConstraintOf(pod) is null, "2 ready instances without the spread constraint", TimeSpan.FromMinutes(6));
            await HippoOnLocalCluster.UntilAsync(async () => await JsonAsync("pod", RepoHost, orEmpty: true) is var pod && IsReady(pod) && SpreadConstraintOf(pod) is null,
                $"{RepoHost} runs without the spread constraint", TimeSpan.FromMinutes(3));
            output.WriteLine($"back to 2 instances without constraints {clock.Elapsed.TotalSeconds:F0} s after kubectl apply -k examples/kustomize/ivory");
        },
        async () =>
        {
            foreach (var node in labelOf.Keys)
            {
                var unlabelled = await hippo.KubectlAsync("label", "node", node, TopologyKey + "-");
                Assert.True(unlabelled.ExitCode == 0, unlabelled.Error);
            }
        },
        () => hippo.UntilHealthyAsync());
    }

    /// <summary>One row of the tutorial's <c>kubectl get pods -o wide</c>.</summary>
    private sealed record WidePod(string Name, bool Ready, string Status, string Node);

    private static void AssertRepoHostConstraint(JsonNode podSpec, string what)
    {
        // IVYO's default constraints (ScheduleAnyway over kubernetes.io/hostname and topology.kubernetes.io/zone) are
        // there too, as ivory-operator appends them unless spec.disableDefaultPodScheduling is set.
        var constraint = SpreadConstraintOf(new JsonObject { ["spec"] = podSpec.DeepClone() });
        Assert.True(constraint is not null, $"{what} has no topologySpreadConstraint on {TopologyKey}: {podSpec["topologySpreadConstraints"]?.ToJsonString()}");
        Assert.Equal(1, (int)constraint["maxSkew"]!);
        Assert.Equal("ScheduleAnyway", (string?)constraint["whenUnsatisfiable"]);
        Assert.Equal("", (string?)constraint["labelSelector"]?["matchLabels"]?["ivory-operator.ivorysql.org/pgbackrest"]);
    }

    /// <summary>The pod's (or pod spec's) constraint on <c>my-node-label</c>, or null.</summary>
    private static JsonNode? SpreadConstraintOf(JsonNode pod) =>
        (pod["spec"]?["topologySpreadConstraints"]?.AsArray() ?? []).SingleOrDefault(constraint => (string?)constraint?["topologyKey"] == TopologyKey);

    private static bool IsReady(JsonNode pod) =>
        pod["metadata"]?["deletionTimestamp"] is null
        && (pod["status"]?["conditions"]?.AsArray() ?? []).Any(condition => (string?)condition?["type"] == "Ready" && (string?)condition?["status"] == "True");

    private async Task<IReadOnlyList<string>> NodesAsync()
    {
        var listed = await hippo.KubectlAsync("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}");
        Assert.True(listed.ExitCode == 0, listed.Error);
        return [.. listed.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    private async Task ApplyAsync(string example)
    {
        var applied = await hippo.KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", example));
        Assert.True(applied.ExitCode == 0, applied.Error);
        output.WriteLine($"$ kubectl apply -k examples/kustomize/{example}\n{applied.Output.Trim()}");
    }

    private async Task<JsonNode> JsonAsync(string kind, string name, bool orEmpty = false)
    {
        var read = await hippo.KubectlAsync("get", kind, name, "-n", Namespace, "-o", "json");
        if (read.ExitCode != 0 && orEmpty)
        {
            return new JsonObject();
        }

        Assert.True(read.ExitCode == 0, read.Error);
        return JsonNode.Parse(read.Output)!;
    }

    /// <summary>The tutorial's command verbatim, its columns NAME READY STATUS RESTARTS AGE IP NODE ... read by position.</summary>
    private async Task<(string Text, IReadOnlyList<WidePod> Pods)> WidePodsAsync()
    {
        var listed = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-o", "wide", "--selector=ivory-operator.ivorysql.org/cluster=hippo");
        Assert.True(listed.ExitCode == 0, listed.Error);
        return (listed.Output, [.. listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(columns =>
            {
                var ready = columns[1].Split('/');
                // RESTARTS can be "2 (5m ago)": NODE is then further right; IP is the first column with dots after AGE.
                var ip = Array.FindIndex(columns, 4, column => column.Count(c => c == '.') == 3 || column == "<none>");
                return new WidePod(columns[0], ready[0] == ready[1], columns[2], columns[ip + 1]);
            })]);
    }

    /// <summary>
    /// Waits until hippo has exactly <paramref name="count"/> instance pods, all Ready, none terminating, each satisfying
    /// <paramref name="rolled"/>, and each running its StatefulSet's current revision (IVYO's rollout is done).
    /// </summary>
    private async Task<IReadOnlyList<JsonNode>> UntilInstancesAsync(int count, Func<JsonNode, bool> rolled, string what, TimeSpan timeout)
    {
        IReadOnlyList<JsonNode> pods = [];
        async Task<bool> DoneAsync()
        {
            var listed = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + InstanceSelector, "-o", "json");
            if (listed.ExitCode != 0)
            {
                return false;
            }

            pods = [.. JsonNode.Parse(listed.Output)!["items"]!.AsArray().Select(pod => pod!)];
            if (pods.Count != count || !pods.All(pod => IsReady(pod) && rolled(pod)))
            {
                return false;
            }

            var revisions = await hippo.KubectlAsync("get", "statefulsets", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/instance",
                "-o", "jsonpath={range .items[*]}{.metadata.name}-0={.status.updateRevision}{\"\\n\"}{end}");
            var running = pods.Select(pod => $"{pod["metadata"]!["name"]}={pod["metadata"]!["labels"]?["controller-revision-hash"]}");
            return revisions.ExitCode == 0 && revisions.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().SequenceEqual(running.Order());
        }

        var clock = Stopwatch.StartNew();
        while (!await DoneAsync())
        {
            if (clock.Elapsed > timeout)
            {
                var state = await hippo.KubectlAsync("get", "pods,statefulsets", "-n", Namespace, "-l", "ivory-operator.ivorysql.org/cluster=hippo",
                    "-L", "controller-revision-hash,ivory-operator.ivorysql.org/role", "-o", "wide");
                var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--sort-by=.lastTimestamp");
                // A pod stuck Terminating: when its deletion was asked, and what its node agent last reported.
                var terminating = string.Join('\n', pods.Where(pod => pod["metadata"]?["deletionTimestamp"] is not null).Select(pod =>
                    $"{pod["metadata"]!["name"]} on {pod["spec"]?["nodeName"]}: deletionTimestamp {pod["metadata"]!["deletionTimestamp"]}, " +
                    $"grace {pod["metadata"]!["deletionGracePeriodSeconds"]}, phase {pod["status"]?["phase"]}, containers " +
                    string.Join(", ", (pod["status"]?["containerStatuses"]?.AsArray() ?? []).Select(container => $"{container?["name"]} {container?["state"]?.ToJsonString()}"))));
                var workers = string.Join('\n', hippo.Cluster.NodeAgents.SelectMany(agent => agent.WorkerActivities.Select(activity => agent.NodeName + ": " + activity)));
                Assert.Fail($"Timed out after {timeout} waiting until {what}:\n{state.Output}\n{terminating}\n{string.Join('\n', events.Output.Split('\n').TakeLast(25))}\nnode agents' pod workers:\n{workers}");
            }

            await Task.Delay(1000);
        }

        return pods;
    }
}
