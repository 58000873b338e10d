using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>Steps the high-availability tests on <see cref="HippoOnLocalCluster"/> share.</summary>
internal static class HippoSteps
{
    private const string Namespace = HippoOnLocalCluster.Namespace;

    /// <summary>A merge patch of the hippo IvoryCluster (<c>kubectl patch --type merge</c>), or a JSON patch.</summary>
    public static async Task PatchClusterAsync(this HippoOnLocalCluster hippo, string patch, string type = "merge")
    {
        var patched = await hippo.KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", type, "-p", patch);
        Assert.True(patched.ExitCode == 0, $"kubectl patch {patch}: {patched.Error}");
    }

    /// <summary>
    /// psql in a pod's database container with a timeout of its own (kubectl exec is killed after it); the error
    /// output ends with how long the command took.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> TimedPsqlAsync(this HippoOnLocalCluster hippo, string pod, string sql, TimeSpan timeout, string? connection = null)
    {
        string[] target = connection is null ? [] : [connection];
        var clock = Stopwatch.StartNew();
        var result = await Kubectl.RunAsync(hippo.Cluster.KubeconfigPath,
            ["exec", "-n", Namespace, pod, "-c", "database", "--", "psql", "-X", "-A", "-t", .. target, "-c", sql], timeout: timeout);
        return (result.ExitCode, result.Output, result.Error + $" (after {clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>The <c>uri</c> of the <c>hippo-pguser-hippo</c> Secret: <c>postgresql://hippo:...@hippo-primary.ivory-operator.svc:5432/hippo</c>.</summary>
    public static async Task<string> UserUriAsync(this HippoOnLocalCluster hippo) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(
            (await hippo.KubectlAsync("get", "secret", "hippo-pguser-hippo", "-n", Namespace, "-o", "jsonpath={.data.uri}")).Output));

    /// <summary>
    /// Patroni's dynamic configuration as Patroni holds it (the <c>config</c> annotation of the <c>hippo-ha-config</c>
    /// Endpoints, its Kubernetes DCS); an empty object when it cannot be read.
    /// </summary>
    public static async Task<JsonObject> PatroniConfigurationAsync(this HippoOnLocalCluster hippo)
    {
        var read = await hippo.KubectlAsync("get", "endpoints", "hippo-ha-config", "-n", Namespace, "-o", "jsonpath={.metadata.annotations.config}");
        return read.ExitCode == 0 && read.Output.Trim().Length > 0 && JsonNode.Parse(read.Output) is JsonObject config ? config : [];
    }

    /// <summary>The pod's node (<c>spec.nodeName</c>).</summary>
    public static async Task<string> NodeOfAsync(this HippoOnLocalCluster hippo, string pod)
    {
        var read = await hippo.KubectlAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath={.spec.nodeName}");
        Assert.True(read.ExitCode == 0 && read.Output.Length > 0, $"no node for {pod}: {read.Error}");
        return read.Output;
    }

    /// <summary>The <c>application_name:state:sync_state</c> rows of <c>pg_stat_replication</c> on <paramref name="pod"/>.</summary>
    public static async Task<string> ReplicationAsync(this HippoOnLocalCluster hippo, string pod) =>
        (await hippo.PsqlAsync(pod, "SELECT application_name || ':' || state || ':' || sync_state FROM pg_stat_replication")).Output;

    /// <summary>
    /// Waits until hippo is whole again: one pod labelled primary that is out of recovery, and the other streaming from
    /// it (labels alone can be stale when Patroni could not reach the API server).
    /// </summary>
    public static async Task<(string Primary, IReadOnlyList<string> Replicas)> UntilHealthyAsync(this HippoOnLocalCluster hippo)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (primary, replicas) = await hippo.StableRolesAsync();
            var streaming = await hippo.ReplicationAsync(primary);
            if ((await hippo.PsqlAsync(primary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim() == "t" &&
                replicas.All(replica => streaming.Contains(replica + ":streaming:", StringComparison.Ordinal)))
            {
                return (primary, replicas);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"hippo is not whole: {primary} is labelled primary, its replication: {streaming}");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Waits until hippo is whole with its two instances on different nodes, as the fixture made it. hippo has no
    /// anti-affinity: an instance evicted from a fenced node may come back next to the other one; its pod is then
    /// deleted so that the scheduler (IVYO's default spread constraints) places it again.
    /// </summary>
    public static async Task UntilSpreadAsync(this HippoOnLocalCluster hippo)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (primary, replicas) = await hippo.UntilHealthyAsync();
            var replica = Assert.Single(replicas);
            var node = await hippo.NodeOfAsync(primary);
            if (node != await hippo.NodeOfAsync(replica))
            {
                return;
            }

            Assert.True(attempt <= 3, $"{primary} and {replica} are both on {node} after {attempt - 1} reschedules");
            var deleted = await hippo.KubectlAsync("delete", "pod", replica, "-n", Namespace, "--wait=false");
            Assert.True(deleted.ExitCode == 0, deleted.Error);
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.KubectlAsync("get", "pod", replica, "-n", Namespace, "-o", "jsonpath={.metadata.deletionTimestamp}")) is { ExitCode: 0, Output: "" },
                $"{replica} is replaced", TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>, then every cleanup step whatever happened (each even when an earlier one
    /// failed). A failure of the body alone is rethrown as it was; cleanup failures fail the test too, together with
    /// the body's failure if there was one.
    /// </summary>
    public static async Task RunWithCleanupAsync(Func<Task> body, params Func<Task>[] cleanup)
    {
        ExceptionDispatchInfo? failed = null;
        try
        {
            await body();
        }
        catch (Exception e)
        {
            failed = ExceptionDispatchInfo.Capture(e);
        }

        var problems = new List<Exception>();
        foreach (var step in cleanup)
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                problems.Add(e);
            }
        }

        if (problems.Count == 0)
        {
            failed?.Throw();
            return;
        }

        throw new AggregateException("cleanup failed" + (failed is null ? "" : " after the test failed"), failed is null ? problems : [failed.SourceException, .. problems]);
    }
}
