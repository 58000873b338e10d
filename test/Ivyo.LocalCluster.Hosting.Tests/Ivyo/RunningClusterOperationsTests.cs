using System.Text;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// What IVYO does inside a running cluster, on real Patroni 3.0.2 and PostgreSQL 15: the user from the user Secret
/// exists with its database and password, <c>spec.patroni.dynamicConfiguration</c> changes reach Patroni without new
/// pods, settings that need a restart are applied by restarts, and <c>spec.patroni.switchover</c> with the trigger
/// annotation moves the primary.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class RunningClusterOperationsTests(HippoOnLocalCluster hippo)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;

    [Fact]
    public async Task The_user_secret_uri_connects_through_hippo_primary_and_can_create_tables()
    {
        var uri = Encoding.UTF8.GetString(Convert.FromBase64String(
            (await hippo.KubectlAsync("get", "secret", "hippo-pguser-hippo", "-n", Namespace, "-o", "jsonpath={.data.uri}")).Output));
        Assert.StartsWith("postgresql://hippo:", uri, StringComparison.Ordinal);
        Assert.Contains("@hippo-primary.ivory-operator.svc:5432/hippo", uri, StringComparison.Ordinal);

        var (_, replicas) = await hippo.StableRolesAsync();
        (int ExitCode, string Output, string Error) result = (-1, "", "");
        await HippoOnLocalCluster.UntilAsync(async () =>
        {
            // From another pod, by the Service's DNS name, with the password: what an application does.
            result = await hippo.PsqlAsync(replicas[0],
                "CREATE TABLE IF NOT EXISTS visits (id int); INSERT INTO visits VALUES (1); SELECT current_user, current_database(), count(*) > 0 FROM visits;", uri);
            return result.ExitCode == 0;
        }, "the hippo user can log in through hippo-primary", TimeSpan.FromMinutes(1));
        Assert.Equal("hippo|hippo|t", result.Output.Trim().Split('\n')[^1]);
        Assert.False(string.IsNullOrEmpty(await hippo.ClusterFieldAsync("{.status.usersRevision}")));
    }

    [Fact]
    public async Task Synchronous_mode_is_turned_on_and_off_on_the_running_cluster_without_new_pods()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        var pods = await hippo.PodUidsAsync();

        await PatchAsync("""{"spec":{"patroni":{"dynamicConfiguration":{"synchronous_mode":true}}}}""");
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output.Contains(replicas[0], StringComparison.Ordinal),
            $"synchronous_standby_names on {primary} names {replicas[0]}", TimeSpan.FromMinutes(1));
        await HippoOnLocalCluster.UntilAsync(async () =>
            await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PatroniConfigurationApplied\")].status}") == "True",
            "the PatroniConfigurationApplied condition is True", TimeSpan.FromSeconds(30));
        var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=PatroniConfigurationApplied", "-o", "name");
        Assert.NotEmpty(events.Output.Trim());

        await PatchAsync("""{"spec":{"patroni":{"dynamicConfiguration":{"synchronous_mode":false}}}}""");
        await HippoOnLocalCluster.UntilAsync(async () =>
            (await hippo.PsqlAsync(primary, "SHOW synchronous_standby_names")).Output.Trim().Length == 0,
            $"synchronous_standby_names on {primary} is empty again", TimeSpan.FromMinutes(1));
        Assert.Equal(pods, await hippo.PodUidsAsync());
    }

    [Fact]
    public async Task A_parameter_that_needs_a_restart_is_applied_by_restarting_every_instance()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        await PatchAsync("""{"spec":{"patroni":{"dynamicConfiguration":{"postgresql":{"parameters":{"max_connections":"140"}}}}}}""");
        foreach (var pod in replicas.Append(primary))
        {
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.PsqlAsync(pod, "SHOW max_connections")).Output.Trim() == "140",
                $"max_connections is 140 on {pod}", TimeSpan.FromMinutes(2));
        }

        var restarts = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=RestartedPendingInstance",
            "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
        Assert.Contains("(replica)", restarts.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_switchover_moves_the_primary_and_is_recorded_in_status()
    {
        var (primary, replicas) = await hippo.StableRolesAsync();
        var trigger = Guid.NewGuid().ToString("N")[..8];
        await PatchAsync("""{"spec":{"patroni":{"switchover":{"enabled":true}}}}""");
        var annotated = await hippo.KubectlAsync("annotate", "-n", Namespace, "ivorycluster", "hippo", "--overwrite",
            "ivory-operator.ivorysql.org/trigger-switchover=" + trigger);
        Assert.True(annotated.ExitCode == 0, annotated.Error);

        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.patroni.switchover}") == trigger,
            "status.patroni.switchover records the trigger", TimeSpan.FromMinutes(1));
        var (newPrimary, _) = await hippo.StableRolesAsync();
        Assert.Equal(replicas[0], newPrimary);
        Assert.NotEqual(primary, newPrimary);
        Assert.Equal("", await hippo.ClusterFieldAsync("{.status.patroni.switchoverTimeline}"));
        Assert.Equal("t", (await hippo.PsqlAsync(newPrimary, "SELECT NOT pg_catalog.pg_is_in_recovery()")).Output.Trim());
    }

    private async Task PatchAsync(string patch)
    {
        var patched = await hippo.KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", "merge", "-p", patch);
        Assert.True(patched.ExitCode == 0, patched.Error);
    }
}
