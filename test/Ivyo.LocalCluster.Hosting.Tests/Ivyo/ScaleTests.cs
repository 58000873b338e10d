using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// Issue 6, part 3: scaling hippo from 2 to 3 to 1 instances keeps its primary (the same pod, never restarted) while
/// a client writes through <c>hippo-primary</c> with the user Secret's <c>uri</c>: no write fails, and every row is
/// there at the end. hippo is put back to 2 instances.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class ScaleTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string Selector = "ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance";

    /// <summary>
    /// The client: a loop in the primary's database container that inserts one row every 200 ms through
    /// <c>hippo-primary</c> (so through DNS and the Service), printing <c>ok N</c> or <c>failed N</c> for each, until
    /// the stop file appears.
    /// </summary>
    private const string Writer = """
        n=0
        while [ ! -e /tmp/scale-writer-stop ]; do
          n=$((n+1))
          if psql -X -q -v ON_ERROR_STOP=1 "$1" -c "INSERT INTO scaled VALUES ($n)" >/dev/null 2>/tmp/scale-writer-error; then
            echo "ok $n"
          else
            echo "failed $n: $(head -c 200 /tmp/scale-writer-error)"
          fi
          sleep 0.2
        done
        """;

    [Fact]
    public async Task Scaling_from_two_to_three_to_one_keeps_the_primary_and_no_write_fails()
    {
        var (primary, _) = await hippo.UntilHealthyAsync();
        var uid = await PodUidAsync(primary);
        var uri = await hippo.UserUriAsync();
        var created = await hippo.PsqlAsync(primary, "DROP TABLE IF EXISTS scaled; CREATE TABLE scaled (n int PRIMARY KEY);", uri);
        Assert.True(created.ExitCode == 0, created.Error);
        var stop = await hippo.KubectlAsync("exec", "-n", Namespace, primary, "-c", "database", "--", "rm", "-f", "/tmp/scale-writer-stop");
        Assert.True(stop.ExitCode == 0, stop.Error);

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            var writing = Kubectl.RunAsync(hippo.Cluster.KubeconfigPath, ["exec", "-n", Namespace, primary, "-c", "database", "--", "bash", "-c", Writer, "writer", uri],
                timeout: TimeSpan.FromMinutes(12));

            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":3}]""", "json");
            var (withThree, replicas) = await hippo.StableRolesAsync(instances: 3);
            Assert.Equal(primary, withThree);
            await ShowPodsAsync();
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.ReplicationAsync(primary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Count(line => line.Contains(":streaming:", StringComparison.Ordinal)) == 2, "both replicas stream from the primary", TimeSpan.FromMinutes(3));

            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":1}]""", "json");
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.KubectlAsync("get", "pods", "-n", Namespace, "-l", Selector, "-o", "name")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, "one instance pod is left", TimeSpan.FromMinutes(4));
            var (withOne, none) = await hippo.StableRolesAsync(instances: 1);
            Assert.Equal(primary, withOne);
            Assert.Empty(none);
            Assert.Equal(uid, await PodUidAsync(primary));
            await ShowPodsAsync();
            Assert.Equal("t", (await hippo.PsqlAsync(primary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim());

            var stopped = await hippo.KubectlAsync("exec", "-n", Namespace, primary, "-c", "database", "--", "touch", "/tmp/scale-writer-stop");
            Assert.True(stopped.ExitCode == 0, stopped.Error);
            var written = await writing;
            var lines = written.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(written.ExitCode == 0, written.Error);
            Assert.DoesNotContain(lines, line => line.StartsWith("failed", StringComparison.Ordinal));
            var acknowledged = lines.Count(line => line.StartsWith("ok ", StringComparison.Ordinal));
            Assert.True(acknowledged > 10, $"the client wrote only {acknowledged} rows: {written.Output}");
            output.WriteLine($"the client wrote {acknowledged} rows through hippo-primary, none failed");
            Assert.Equal(acknowledged.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (await hippo.PsqlAsync(primary, "SELECT count(*) FROM scaled", uri)).Output.Trim());
        },
        async () =>
        {
            await hippo.KubectlAsync("exec", "-n", Namespace, primary, "-c", "database", "--", "touch", "/tmp/scale-writer-stop");
            await hippo.PatchClusterAsync("""[{"op":"replace","path":"/spec/instances/0/replicas","value":2}]""", "json");
            await hippo.UntilHealthyAsync();
        });
    }

    /// <summary>The tutorial's listing with the role column, into the test output (the tutorial's outputs come from it).</summary>
    private async Task ShowPodsAsync()
    {
        var shown = await hippo.KubectlAsync("get", "pods", "-n", Namespace, "--selector=" + Selector, "-L", "ivory-operator.ivorysql.org/role");
        output.WriteLine($"$ kubectl get pods -n {Namespace} --selector={Selector} -L ivory-operator.ivorysql.org/role\n{shown.Output}");
    }

    private async Task<string> PodUidAsync(string pod) =>
        (await hippo.KubectlAsync("get", "pod", pod, "-n", Namespace, "-o", "jsonpath={.metadata.uid}")).Output;
}
