using System.Diagnostics;
using System.Text;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// The high-availability tutorial's commands, verbatim (run by bash with kubectl 1.32 on the PATH and the local
/// cluster's kubeconfig), against hippo: what the tutorial says happens, happens. Test #2 deletes the primary's
/// StatefulSet: it comes back under its name, the other instance is promoted, and the old one rejoins as a streaming
/// replica with every row committed before.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class TutorialTests(HippoOnLocalCluster hippo)
{
    private const string FindPrimary = """
        PRIMARY_POD=$(kubectl -n ivory-operator get pods \
          --selector=ivory-operator.ivorysql.org/role=master \
          -o jsonpath='{.items[*].metadata.labels.ivory-operator\.ivorysql\.org/instance}')
        """;

    private const string DeletePrimaryStatefulSet = """kubectl delete sts -n ivory-operator "${PRIMARY_POD}" """;

    private const string ListInstanceStatefulSets = """
        kubectl get sts -n ivory-operator \
          --selector=ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance
        """;

    private const string ShowPrimary = """
        kubectl -n ivory-operator get pods \
          --selector=ivory-operator.ivorysql.org/role=master \
          -o jsonpath='{.items[*].metadata.labels.ivory-operator\.ivorysql\.org/instance}'
        """;

    private const string IsPrimary = "SELECT NOT pg_catalog.pg_is_in_recovery() is_primary;";

    [Fact]
    public async Task Test_2_deleting_the_primary_statefulset_fails_over_and_the_old_primary_rejoins_with_every_row()
    {
        var (primaryPod, replicas) = await hippo.StableRolesAsync();
        var uri = await UriAsync();
        var table = "tutorial_" + Guid.NewGuid().ToString("N")[..8];
        var written = await hippo.PsqlAsync(replicas[0],
            $"CREATE TABLE {table} (id int); INSERT INTO {table} SELECT generate_series(1, 1000); SELECT count(*) FROM {table};", uri);
        Assert.True(written.ExitCode == 0 && written.Output.Trim().EndsWith("1000", StringComparison.Ordinal), written.Output + written.Error);

        var echoed = await BashAsync(FindPrimary + "\necho $PRIMARY_POD");
        var primary = echoed.Trim();
        Assert.Equal(primaryPod[..primaryPod.LastIndexOf('-')], primary);
        var other = replicas[0][..replicas[0].LastIndexOf('-')];

        var deleted = await BashAsync(FindPrimary + "\n" + DeletePrimaryStatefulSet);
        Assert.Contains($"statefulset.apps \"{primary}\" deleted", deleted, StringComparison.Ordinal);

        // "IVYO recreated the StatefulSet that was deleted!"
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            var sets = await BashAsync(ListInstanceStatefulSets);
            return sets.Contains(primary + " ", StringComparison.Ordinal) && sets.Contains(other + " ", StringComparison.Ordinal);
        }, $"the StatefulSet {primary} is back", TimeSpan.FromMinutes(1));

        // "What about the other instance? We can see that it became the new primary"
        await HippoOnLocalCluster.UntilAsync(async () => (await BashAsync(ShowPrimary)).Trim() == other,
            $"{other} is the primary", TimeSpan.FromMinutes(2));
        var isPrimary = await hippo.PsqlAsync(other + "-0", IsPrimary);
        Assert.Equal("t", isPrimary.Output.Trim());

        // The old primary rejoins as a streaming replica, and every row committed before is there.
        var (newPrimary, newReplicas) = await hippo.StableRolesAsync();
        Assert.Equal(other + "-0", newPrimary);
        Assert.Equal(primary + "-0", Assert.Single(newReplicas));
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await hippo.PsqlAsync(newPrimary, "SELECT application_name || ':' || state FROM pg_stat_replication")).Output.Contains(primary + "-0:streaming", StringComparison.Ordinal),
            $"{primary}-0 streams from {newPrimary}", TimeSpan.FromMinutes(2));
        foreach (var pod in new[] { newPrimary, primary + "-0" })
        {
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(pod, $"SELECT count(*) FROM {table}", "dbname=hippo")).Output.Trim() == "1000",
                $"{pod} has the 1000 rows", TimeSpan.FromMinutes(1));
        }
    }

    private async Task<string> UriAsync() =>
        Encoding.UTF8.GetString(Convert.FromBase64String(
            (await hippo.KubectlAsync("get", "secret", "hippo-pguser-hippo", "-n", HippoOnLocalCluster.Namespace, "-o", "jsonpath={.data.uri}")).Output));

    /// <summary>Runs tutorial commands with bash; their standard output (a failure fails the test with stderr).</summary>
    private async Task<string> BashAsync(string script)
    {
        var kubectl = Path.GetDirectoryName(Kubectl.Find())!;
        var start = new ProcessStartInfo("/bin/bash", ["-ceu", "--", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["KUBECONFIG"] = hippo.Cluster.KubeconfigPath,
                ["PATH"] = kubectl + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["HOME"] = Path.Combine(Path.GetTempPath(), "ivyo-kubectl-home"),
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"bash -c {script}\nexit {process.ExitCode}: {await error}");
        return await output;
    }
}
