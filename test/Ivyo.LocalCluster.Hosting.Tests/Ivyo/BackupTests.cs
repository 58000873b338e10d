using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Ivyo.LocalCluster.Hosting.Tests.Ivyo;

/// <summary>
/// pgBackRest backups on the real hippo: the replica-create backup Job IVYO starts once the stanza exists, and a
/// manual backup taken as ivory-operator's tutorial takes one (<c>spec.backups.pgbackrest.manual</c> plus the
/// <c>pgbackrest-backup</c> annotation). Each Job runs the pgBackRest image's entrypoint, which runs
/// <c>pgbackrest backup</c> in the repository host through <c>pods/exec</c>; <c>pgbackrest info</c> there lists what
/// they made.
/// </summary>
[Collection(HippoCollection.Name)]
public sealed class BackupTests(HippoOnLocalCluster hippo, ITestOutputHelper output)
{
    private const string Namespace = HippoOnLocalCluster.Namespace;
    private const string BackupLabel = "ivory-operator.ivorysql.org/pgbackrest-backup";
    private const string BackupAnnotation = "ivory-operator.ivorysql.org/pgbackrest-backup";

    [Fact]
    public async Task The_replica_create_backup_and_a_manual_backup_are_in_the_repository()
    {
        // The replica-create backup: a Job labelled replica-create that succeeds, and the repository's status says so.
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.pgbackrest.repos[0].replicaCreateBackupComplete}") == "true",
            "status.pgbackrest.repos[0].replicaCreateBackupComplete is true", TimeSpan.FromMinutes(4));
        var replicaCreate = await JobsAsync("replica-create");
        Assert.Contains(":1:", replicaCreate, StringComparison.Ordinal);
        Assert.Equal("True", await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestReplicaCreate\")].status}"));
        Assert.Equal("True", await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestReplicaRepoReady\")].status}"));
        var before = await BackupsAsync();
        Assert.Contains("full", before);

        var id = DateTimeOffset.UtcNow.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            // As the tutorial: what to back up in the spec, then the annotation asks for it.
            await hippo.PatchClusterAsync("""{"spec":{"backups":{"pgbackrest":{"manual":{"repoName":"repo1","options":["--type=full"]}}}}}""");
            var annotated = await hippo.KubectlAsync("annotate", "ivorycluster", "hippo", "-n", Namespace, "--overwrite", $"{BackupAnnotation}={id}");
            Assert.True(annotated.ExitCode == 0, annotated.Error);

            await HippoOnLocalCluster.UntilAsync(async () =>
                    await hippo.ClusterFieldAsync("{.status.pgbackrest.manualBackup.id}/{.status.pgbackrest.manualBackup.finished}") == id + "/true",
                $"status.pgbackrest.manualBackup says backup \"{id}\" finished", TimeSpan.FromMinutes(4));
            output.WriteLine("manualBackup: " + await hippo.ClusterFieldAsync("{.status.pgbackrest.manualBackup}"));
            Assert.Equal("1", await hippo.ClusterFieldAsync("{.status.pgbackrest.manualBackup.succeeded}"));
            Assert.NotEmpty(await hippo.ClusterFieldAsync("{.status.pgbackrest.manualBackup.completionTime}"));
            Assert.Equal("True/ManualBackupComplete",
                await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestManualBackupSuccessful\")].status}/{.status.conditions[?(@.type==\"PGBackRestManualBackupSuccessful\")].reason}"));

            var manual = await JobsAsync("manual");
            output.WriteLine("manual backup Jobs: " + manual);
            Assert.Contains($":1:{id}", manual, StringComparison.Ordinal);

            // One more full backup than before.
            var after = await BackupsAsync();
            Assert.Equal(before.Count + 1, after.Count);
            Assert.Equal("full", after[^1]);

            var events = await hippo.KubectlAsync("get", "events", "-n", Namespace, "--field-selector", "involvedObject.name=hippo,reason=ManualBackupComplete", "-o", "name");
            Assert.NotEmpty(events.Output.Trim());
        },
        // Leave hippo as it was for the other tests: no manual section, no annotation.
        () => hippo.PatchClusterAsync("""{"spec":{"backups":{"pgbackrest":{"manual":null}}}}"""),
        async () =>
        {
            var removed = await hippo.KubectlAsync("annotate", "ivorycluster", "hippo", "-n", Namespace, BackupAnnotation + "-");
            Assert.True(removed.ExitCode == 0, removed.Error);
        });
    }

    [Fact]
    public async Task A_backup_schedule_runs_incremental_backups_and_reports_them()
    {
        // The schedule's CronJob comes only once the replica-create backup is done.
        await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.conditions[?(@.type==\"PGBackRestReplicaCreate\")].status}") == "True",
            "PGBackRestReplicaCreate is True", TimeSpan.FromMinutes(4));
        var before = await BackupsAsync();

        await HippoSteps.RunWithCleanupAsync(async () =>
        {
            var patched = await hippo.KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", "json",
                "-p", """[{"op":"add","path":"/spec/backups/pgbackrest/repos/0/schedules","value":{"incremental":"* * * * *"}}]""");
            Assert.True(patched.ExitCode == 0, patched.Error);

            // The CronJob, then (within the minute) the Job it starts, which runs pgbackrest backup --type=incr.
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.KubectlAsync("get", "cronjob", "hippo-repo1-incr", "-n", Namespace)).ExitCode == 0,
                "the CronJob hippo-repo1-incr exists", TimeSpan.FromMinutes(1));
            await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.pgbackrest.scheduledBackups[0].succeeded}") == "1",
                "status.pgbackrest.scheduledBackups reports a succeeded incremental backup", TimeSpan.FromMinutes(3));
            output.WriteLine("scheduledBackups: " + await hippo.ClusterFieldAsync("{.status.pgbackrest.scheduledBackups}"));
            Assert.Equal("hippo-repo1-incr/repo1/incr",
                await hippo.ClusterFieldAsync("{.status.pgbackrest.scheduledBackups[0].cronJobName}/{.status.pgbackrest.scheduledBackups[0].repo}/{.status.pgbackrest.scheduledBackups[0].type}"));
            Assert.NotEmpty(await hippo.ClusterFieldAsync("{.status.pgbackrest.scheduledBackups[0].completionTime}"));

            var after = await BackupsAsync();
            Assert.True(after.Count > before.Count, $"pgbackrest info lists {after.Count} backups, as before the schedule");
            Assert.Equal("incr", after[^1]);
        },
        // Leave hippo as it was: no schedule, so no CronJob, and no scheduled backup in status once its Jobs are gone.
        async () =>
        {
            var removed = await hippo.KubectlAsync("patch", "ivorycluster", "hippo", "-n", Namespace, "--type", "json",
                "-p", """[{"op":"remove","path":"/spec/backups/pgbackrest/repos/0/schedules"}]""");
            Assert.True(removed.ExitCode == 0, removed.Error);
            await HippoOnLocalCluster.UntilAsync(async () => (await hippo.KubectlAsync("get", "cronjob", "hippo-repo1-incr", "-n", Namespace)).ExitCode != 0,
                "the CronJob hippo-repo1-incr is removed", TimeSpan.FromMinutes(1));
            await HippoOnLocalCluster.UntilAsync(async () => await hippo.ClusterFieldAsync("{.status.pgbackrest.scheduledBackups}") == "",
                "status.pgbackrest.scheduledBackups is empty once the CronJob's Jobs are collected", TimeSpan.FromMinutes(2));
        });
    }

    /// <summary>The backup Jobs of a type: <c>name:succeeded:backup-id</c> each, space-separated.</summary>
    private async Task<string> JobsAsync(string type)
    {
        var jobs = await hippo.KubectlAsync("get", "jobs", "-n", Namespace, "-l", $"ivory-operator.ivorysql.org/cluster=hippo,{BackupLabel}={type}",
            "-o", "jsonpath={range .items[*]}{.metadata.name}:{.status.succeeded}:{.metadata.annotations.ivory-operator\\.ivorysql\\.org/pgbackrest-backup} {end}");
        Assert.True(jobs.ExitCode == 0, jobs.Error);
        return jobs.Output.Trim();
    }

    /// <summary>The types of the backups in repo1, oldest first, from <c>pgbackrest info</c> in the repository host.</summary>
    private async Task<IReadOnlyList<string>> BackupsAsync()
    {
        var info = await hippo.KubectlAsync("exec", "-n", Namespace, "hippo-repo-host-0", "-c", "pgbackrest", "--", "pgbackrest", "info", "--stanza=db", "--output=json");
        Assert.True(info.ExitCode == 0, info.Error);
        output.WriteLine("pgbackrest info: " + info.Output);
        var stanza = JsonNode.Parse(info.Output)!.AsArray().Single(s => (string?)s?["name"] == "db")!;
        return [.. stanza["backup"]!.AsArray().Select(backup => (string)backup!["type"]!)];
    }
}
