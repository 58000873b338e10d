using System.Diagnostics;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 5: robustness. Applying the tutorial's manifest again changes nothing. A second hippo in a namespace
/// of its own is deleted and recreated, then its namespace is deleted: nothing it had is left, neither in the API
/// (pods, claims, volumes, Endpoints, Secrets, ConfigMaps, StatefulSets) nor on the host (its volumes' directories, its
/// pods' directories and processes), and the tutorial's hippo in <c>ivory-operator</c> is untouched and healthy.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class RobustnessTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string ClusterLabel = "ivory-operator.ivorysql.org/cluster=hippo";
    private const string RootCertSecret = "ivyo-root-cacert";

    /// <summary>What every namespace has: the <c>default</c> ServiceAccount and the <c>kube-root-ca.crt</c> ConfigMap.</summary>
    private static readonly string[] NamespaceDefaults = ["serviceaccount/default", "configmap/kube-root-ca.crt"];

    /// <summary>Everything a cluster has in its namespace, by kind, for <c>kubectl get</c>.</summary>
    private const string ClusterKinds =
        "pods,persistentvolumeclaims,endpoints,secrets,configmaps,statefulsets,services,serviceaccounts,roles,rolebindings,jobs,cronjobs,poddisruptionbudgets";

    [Fact]
    public async Task Applying_the_tutorials_manifest_twice_leaves_hippo_unchanged()
    {
        // hippo as the manifest says (a test before may have left it converging), whole and at its latest generation.
        var first = await ApplyIvoryAsync();
        output.WriteLine($"first apply: {first}");
        await HippoOnLocalCluster.UntilAsync(async () =>
            await hippo.ClusterFieldAsync("{.metadata.generation}={.status.observedGeneration}={.status.conditions[?(@.type==\"Ready\")].status}") is var state
            && state.Split('=') is [var generation, var observed, "True"] && generation == observed,
            "hippo is Ready at its latest generation", TimeSpan.FromMinutes(3));
        await hippo.UntilHealthyAsync();
        var before = await SnapshotAsync();

        var second = await ApplyIvoryAsync();
        Assert.Equal("ivorycluster.ivory-operator.ivorysql.org/hippo unchanged", second);
        output.WriteLine($"second apply: {second}");

        // Nothing reacts to a no-op apply. This is a fixed wait on purpose: it asserts that nothing happens (a rollout
        // or a recreated pod would start within a reconcile, a second or two).
        await Task.Delay(TimeSpan.FromSeconds(10));
        var after = await SnapshotAsync();
        Assert.Equal(before, after);
        output.WriteLine($"unchanged: {after}");
    }

    [Fact]
    public async Task A_cluster_deleted_and_recreated_then_its_namespace_deleted_leaves_nothing_behind()
    {
        var ns = "robust-" + Guid.NewGuid().ToString("N")[..6];
        var kustomization = Directory.CreateTempSubdirectory("ivyo-robust-").FullName;
        // The tutorial's hippo in another namespace; with 1 replica rather than 2, to spare the 2-core machine a third
        // and fourth PostgreSQL next to the fixture's hippo (one instance has every kind of object two have).
        var example = Path.GetRelativePath(kustomization, RepositoryFiles.PathOf("examples", "kustomize", "ivory"));
        await File.WriteAllTextAsync(Path.Combine(kustomization, "kustomization.yaml"), $$"""
            namespace: {{ns}}
            resources:
            - {{example}}
            patches:
            - target:
                kind: IvoryCluster
                name: hippo
              patch: '[{"op": "replace", "path": "/spec/instances/0/replicas", "value": 1}]'
            """);
        var sharedOwners = await OwnerUidsAsync(Namespace);
        Assert.NotEmpty(sharedOwners);

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            var created = await hippo.KubectlAsync("create", "namespace", ns);
            Assert.True(created.ExitCode == 0, created.Error);

            var first = await CreateAndWaitReadyAsync(ns, kustomization);
            Assert.DoesNotContain(first.ClusterUid, await OwnerUidsAsync(Namespace));

            // Delete the IvoryCluster: IVYO's finalizer stops the instance, then the garbage collector removes what
            // it owned, the namespace's root CA with it (its last owner is gone).
            var clock = Stopwatch.StartNew();
            var deleted = await hippo.KubectlAsync("delete", "ivorycluster", "hippo", "-n", ns, "--wait=false");
            Assert.True(deleted.ExitCode == 0, deleted.Error);
            await UntilEmptyAsync(() => GetNamesAsync(ns, "ivoryclusters"), $"the IvoryCluster hippo in {ns} is gone", TimeSpan.FromMinutes(3));
            await UntilEmptyAsync(() => GetNamesAsync(ns, ClusterKinds, "-l", ClusterLabel), $"nothing labelled {ClusterLabel} is left in {ns}", TimeSpan.FromMinutes(2));
            await UntilEmptyAsync(() => GetNamesAsync(ns, "secret/" + RootCertSecret), $"{ns}'s {RootCertSecret} is collected", TimeSpan.FromMinutes(1));
            // Labelled or not, only what every namespace has is left (the local kube-controller-manager's defaults).
            Assert.Empty((await GetNamesAsync(ns, ClusterKinds)).Except(NamespaceDefaults));
            await UntilEmptyAsync(() => VolumesOfAsync(ns), $"no PersistentVolume is bound to a claim in {ns}", TimeSpan.FromMinutes(1));
            output.WriteLine($"IvoryCluster deleted and its objects collected in {clock.Elapsed.TotalSeconds:F0} s");
            await AssertNothingOnTheHostAsync(first, "after the IvoryCluster was deleted");

            // Recreated, it comes up Ready again, as a new cluster.
            var second = await CreateAndWaitReadyAsync(ns, kustomization);
            Assert.NotEqual(first.ClusterUid, second.ClusterUid);
            Assert.Empty(second.PodUids.Intersect(first.PodUids));

            // Deleting the namespace takes the whole cluster with it.
            clock.Restart();
            var gone = await hippo.KubectlAsync("delete", "namespace", ns, "--wait=false");
            Assert.True(gone.ExitCode == 0, gone.Error);
            await UntilNamespaceGoneAsync(ns);
            output.WriteLine($"namespace {ns} deleted in {clock.Elapsed.TotalSeconds:F0} s");
            Assert.Empty(await GetNamesAsync(ns, ClusterKinds + ",ivoryclusters"));
            var shown = await hippo.KubectlAsync("get", "pods,pvc,endpoints,secrets,configmaps,statefulsets", "-n", ns);
            output.WriteLine($"$ kubectl get pods,pvc,endpoints,secrets,configmaps,statefulsets -n {ns}\n{shown.Output}{shown.Error}".Trim());
            await UntilEmptyAsync(() => VolumesOfAsync(ns), $"no PersistentVolume is bound to a claim in {ns}", TimeSpan.FromMinutes(1));
            await AssertNothingOnTheHostAsync(second, "after the namespace was deleted");
            await AssertNothingOnTheHostAsync(first, "after the namespace was deleted");

            // The shared root CA of ivory-operator never had the other namespace's clusters as owners, and keeps hippo's.
            Assert.Equal(sharedOwners, await OwnerUidsAsync(Namespace));

            // Last, the node agents' directories of the deleted pods (emptyDirs, writable layers, logs), which they
            // remove just after the pod is gone from the API: a few seconds are allowed for that.
            await UntilEmptyAsync(() => Task.FromResult<IReadOnlyList<string>>(PodDirectoriesOf([.. first.PodUids, .. second.PodUids])),
                "no directory of a deleted pod is left on the nodes", TimeSpan.FromSeconds(30));
        },
        async () =>
        {
            var deleted = await hippo.KubectlAsync("delete", "namespace", ns, "--ignore-not-found", "--wait=false");
            Assert.True(deleted.ExitCode == 0, deleted.Error);
            await UntilNamespaceGoneAsync(ns);
        },
        () =>
        {
            Directory.Delete(kustomization, recursive: true);
            return Task.CompletedTask;
        },
        () => hippo.UntilHealthyAsync());
    }

    /// <summary>What a running cluster had, to look for after it is gone.</summary>
    private sealed record RunningCluster(string ClusterUid, IReadOnlyList<string> PodUids, IReadOnlyList<string> VolumePaths);

    /// <summary>Applies the kustomization and waits until the cluster is Ready; what it then runs.</summary>
    private async Task<RunningCluster> CreateAndWaitReadyAsync(string ns, string kustomization)
    {
        var clock = Stopwatch.StartNew();
        var applied = await hippo.KubectlAsync("apply", "-k", kustomization);
        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal("ivorycluster.ivory-operator.ivorysql.org/hippo created", applied.Output.Trim());
        output.WriteLine($"$ kubectl apply -k {ns}\n{applied.Output.Trim()}");
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await hippo.KubectlAsync("get", "ivorycluster", "hippo", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Output == "True",
            $"hippo in {ns} is Ready", TimeSpan.FromMinutes(5));
        output.WriteLine($"hippo in {ns} Ready {clock.Elapsed.TotalSeconds:F0} s after kubectl apply");

        var clusterUid = (await hippo.KubectlAsync("get", "ivorycluster", "hippo", "-n", ns, "-o", "jsonpath={.metadata.uid}")).Output.Trim();
        Assert.NotEmpty(clusterUid);
        var pods = await hippo.KubectlAsync("get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.uid} {.metadata.name}{\"\\n\"}{end}");
        Assert.True(pods.ExitCode == 0, pods.Error);
        output.WriteLine(pods.Output.Trim());
        var podUids = pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0]).ToList();
        Assert.Contains(pods.Output.Split('\n'), line => line.Contains(" hippo-instance1-", StringComparison.Ordinal));
        Assert.Contains(pods.Output.Split('\n'), line => line.EndsWith(" hippo-repo-host-0", StringComparison.Ordinal));

        // The namespace has a root CA of its own, owned by this cluster.
        Assert.Contains(clusterUid, await OwnerUidsAsync(ns));

        // The check for leftovers sees the running cluster: its postgres, Patroni and pgBackRest processes, its volumes.
        var processes = ProcessesOf(podUids);
        Assert.Contains(processes, process => process.Cmdline.StartsWith("/usr/bin/python3 /usr/bin/patroni ", StringComparison.Ordinal));
        Assert.Contains(processes, process => process.Cmdline.StartsWith("postgres -D ", StringComparison.Ordinal));
        Assert.Contains(processes, process => process.Cmdline.Contains(" pod-sandbox ", StringComparison.Ordinal));
        var volumes = await VolumesOfAsync(ns);
        Assert.NotEmpty(volumes);
        var paths = volumes.Select(volume => volume.Split(' ')[1]).ToList();
        Assert.All(paths, path => Assert.True(Directory.Exists(path), $"the volume directory {path} is missing"));
        var podDirectories = PodDirectoriesOf(podUids);
        Assert.Equal(podUids.Count, podDirectories.Count);
        return new RunningCluster(clusterUid, podUids, paths);
    }

    /// <summary>
    /// No process of the deleted pods runs (their pods are gone from the API, so the node agents have stopped them),
    /// and their volumes' directories are removed, which the volume binder does just after; a few seconds are allowed
    /// for that.
    /// </summary>
    private async Task AssertNothingOnTheHostAsync(RunningCluster cluster, string when)
    {
        var processes = ProcessesOf(cluster.PodUids);
        Assert.True(processes.Count == 0, $"processes of deleted pods are left {when}:\n{string.Join('\n', processes)}");
        await UntilEmptyAsync(() => Task.FromResult<IReadOnlyList<string>>([.. cluster.VolumePaths.Where(Directory.Exists)]),
            $"no volume directory is left {when}", TimeSpan.FromSeconds(30));
    }

    /// <summary>The node agents' directories of these pods: <c>&lt;data&gt;/nodes/&lt;node&gt;/pods/&lt;uid&gt;</c>.</summary>
    private List<string> PodDirectoriesOf(IReadOnlyCollection<string> podUids) =>
        [.. Directory.EnumerateDirectories(Path.Combine(hippo.Cluster.Options.DataDirectory, "nodes"))
            .SelectMany(node => podUids.Select(uid => Path.Combine(node, "pods", uid)))
            .Where(Directory.Exists)];

    /// <summary>A host process: its PID, command line and root directory.</summary>
    private sealed record HostProcess(int Pid, string Cmdline, string Root)
    {
        public override string ToString() => $"{Pid} {(Cmdline.Length > 300 ? "..." + Cmdline[^300..] : Cmdline)} (root {Root})";
    }

    /// <summary>
    /// Host processes of these pods (by UID): the node agent runs every process of a pod with its root, working
    /// directory or command line under the pod's directory <c>.../pods/&lt;uid&gt;</c>. Zombies do not count.
    /// </summary>
    private static List<HostProcess> ProcessesOf(IReadOnlyCollection<string> podUids)
    {
        var markers = podUids.Select(uid => "/pods/" + uid).ToList();
        var found = new List<HostProcess>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim();
                var root = new DirectoryInfo(Path.Combine(entry, "root")).LinkTarget ?? "";
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget ?? "";
                if (markers.Any(marker => root.Contains(marker, StringComparison.Ordinal) || cwd.Contains(marker, StringComparison.Ordinal) || cmdline.Contains(marker, StringComparison.Ordinal))
                    && !File.ReadAllText(Path.Combine(entry, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    found.Add(new HostProcess(pid, cmdline, root));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while it was read.
            }
        }

        return found;
    }

    /// <summary><c>kubectl apply -k examples/kustomize/ivory</c>; its output.</summary>
    private async Task<string> ApplyIvoryAsync()
    {
        var applied = await hippo.KubectlAsync("apply", "-k", RepositoryFiles.PathOf("examples", "kustomize", "ivory"));
        Assert.True(applied.ExitCode == 0, applied.Error);
        return applied.Output.Trim();
    }

    /// <summary>
    /// What a no-op apply must not change: hippo's generation, its instance pods (UIDs), StatefulSets (generation and
    /// update revision) and the pods' revisions.
    /// </summary>
    private async Task<string> SnapshotAsync()
    {
        var generation = await hippo.ClusterFieldAsync("{.metadata.generation}/{.status.observedGeneration}");
        var statefulSets = await hippo.KubectlAsync("get", "statefulsets", "-n", Namespace, "-l", ClusterLabel,
            "-o", "jsonpath={range .items[*]}{.metadata.name}:{.metadata.uid}:{.metadata.generation}:{.status.updateRevision} {end}");
        // Instance pods and the repo host (completed Job pods, which may be collected meanwhile, are left out).
        var pods = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-l", ClusterLabel + ",controller-revision-hash",
            "-o", "jsonpath={range .items[*]}{.metadata.name}:{.metadata.uid}:{.metadata.labels.controller-revision-hash} {end}");
        Assert.True(statefulSets.ExitCode == 0 && pods.ExitCode == 0, statefulSets.Error + pods.Error);
        return $"hippo generation/observed {generation}; statefulsets {statefulSets.Output.Trim()}; pods {pods.Output.Trim()}";
    }

    /// <summary>The UIDs of the owners of a namespace's <c>ivyo-root-cacert</c> (empty when it does not exist).</summary>
    private async Task<IReadOnlyList<string>> OwnerUidsAsync(string ns)
    {
        var read = await hippo.KubectlAsync("get", "secret", RootCertSecret, "-n", ns, "--ignore-not-found", "-o", "jsonpath={.metadata.ownerReferences[*].uid}");
        Assert.True(read.ExitCode == 0, read.Error);
        return [.. read.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary><c>kubectl get KINDS -o name</c> in a namespace (or cluster-scoped); NotFound counts as none.</summary>
    private async Task<IReadOnlyList<string>> GetNamesAsync(string? ns, string kinds, params string[] more)
    {
        string[] scope = ns is null ? [] : ["-n", ns];
        var listed = await hippo.KubectlAsync(["get", kinds, .. scope, .. more, "--ignore-not-found", "-o", "name"]);
        Assert.True(listed.ExitCode == 0, $"kubectl get {kinds}: {listed.Error}");
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The PersistentVolumes bound to claims in <paramref name="ns"/>, as <c>name path</c>.</summary>
    private async Task<IReadOnlyList<string>> VolumesOfAsync(string ns)
    {
        var listed = await hippo.KubectlAsync("get", "persistentvolumes",
            "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.hostPath.path}{.spec.local.path} {.spec.claimRef.namespace}{\"\\n\"}{end}");
        Assert.True(listed.ExitCode == 0, listed.Error);
        return [.. listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.EndsWith(" " + ns, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Waits until the namespace is gone; on a timeout, the failure names what the namespace controller reported
    /// (its status conditions) and what is left in it, pods with their deletion state.
    /// </summary>
    private async Task UntilNamespaceGoneAsync(string ns)
    {
        var clock = Stopwatch.StartNew();
        while ((await GetNamesAsync(null, "namespace/" + ns)).Count > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(4))
            {
                var conditions = await hippo.KubectlAsync("get", "namespace", ns, "-o",
                    "jsonpath={range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{\"\\n\"}{end}");
                var pods = await hippo.KubectlAsync("get", "pods", "-n", ns, "-o",
                    "jsonpath={range .items[*]}{.metadata.name} on {.spec.nodeName}: deletionTimestamp {.metadata.deletionTimestamp}, phase {.status.phase}, finalizers {.metadata.finalizers}{\"\\n\"}{end}");
                var left = await hippo.KubectlAsync("get", "all,pvc,secrets,configmaps,endpoints,ivoryclusters", "-n", ns, "-o", "name");
                var workers = string.Join("\n", hippo.Cluster.NodeAgents.SelectMany(agent => agent.WorkerActivities.Select(activity => agent.NodeName + ": " + activity)));
                Assert.Fail($"Timed out after 4 min waiting until the namespace {ns} is gone.\nconditions:\n{conditions.Output}\npods:\n{pods.Output}\nleft:\n{left.Output}\nnode agents' pod workers:\n{workers}");
            }

            await Task.Delay(1000);
        }

        output.WriteLine($"the namespace {ns} is gone ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    private async Task UntilEmptyAsync(Func<Task<IReadOnlyList<string>>> list, string what, TimeSpan timeout)
    {
        IReadOnlyList<string> left = [];
        var clock = Stopwatch.StartNew();
        while ((left = await list()).Count > 0)
        {
            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout} waiting until {what}; left: {string.Join(", ", left)}");
            await Task.Delay(1000);
        }

        output.WriteLine($"{what} ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}
