using System.Diagnostics;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.PgBackRest;
using static Ivyo.Operator.Tests.PgBackRest.BackupClusters;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestRestoreJobTests
{
    private const string Instance = "hippo-instance1-abcd";
    private const string PostgresImage = "docker.io/ivorysql/ivorysql:test";

    private static PgBackRestRestore Restore(params string[] options) => new() { Enabled = true, RepoName = "repo1", Options = options };

    [Fact]
    public void The_job_restores_into_the_instance_data_volume_with_the_instance_pgbackrest_configuration()
    {
        var cluster = Hippo(VolumeRepo());
        var job = PgBackRestRestoreJob.Build(cluster, Restore("--type=time", "--target=\"2026-11-27 09:00:00+00\""), cluster.Spec.Instances[0], Instance, PostgresImage);

        Assert.Equal(("hippo-pgbackrest-restore", "postgres-operator"), (job.Metadata.Name, job.Metadata.NamespaceProperty));
        Assert.Equal(Uid, Assert.Single(job.Metadata.OwnerReferences).Uid);
        Assert.Equal("", job.Metadata.Labels["ivory-operator.ivorysql.org/pgbackrest-restore"]);
        Assert.Equal("hippo", job.Spec.Template.Metadata.Labels["ivory-operator.ivorysql.org/cluster"]);
        var pod = job.Spec.Template.Spec;
        Assert.Equal(("Never", false, "hippo-instance"), (pod.RestartPolicy, pod.AutomountServiceAccountToken, pod.ServiceAccountName));
        var container = Assert.Single(pod.Containers);
        Assert.Equal(("pgbackrest-restore", PostgresImage), (container.Name, container.Image));
        Assert.Equal(["bash", "-ceu", "--", PgBackRestRestoreCommand.Script, "restore", "/pgdata/pg16",
            "--type=time --target=\"2026-11-27 09:00:00+00\" --stanza=db --pg1-path=/pgdata/pg16 --repo=1 --delta --target-action=promote --link-map=pg_wal=/pgdata/pg16_wal"],
            container.Command);
        Assert.Equal(Instance + "-pgdata", pod.Volumes.Single(v => v.Name == "ivory-data").PersistentVolumeClaim.ClaimName);
        Assert.Contains(container.VolumeMounts, m => (m.Name, m.MountPath) == ("ivory-data", "/pgdata"));
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/etc/pgbackrest/conf.d");
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
        var projected = pod.Volumes.Single(v => v.Projected is not null).Projected.Sources;
        Assert.Contains(projected, source => source.ConfigMap?.Name == "hippo-pgbackrest-config");
        Assert.Contains(projected, source => source.Secret?.Name == "hippo-pgbackrest");
        Assert.DoesNotContain(pod.Volumes, v => v.Name == "ivory-wal");
    }

    [Fact]
    public void A_wal_volume_is_mounted_and_mapped_and_a_delta_option_is_not_doubled()
    {
        var cluster = Hippo(VolumeRepo());
        cluster.Spec.Instances[0].WalVolumeClaimSpec = Claim("1Gi");

        var job = PgBackRestRestoreJob.Build(cluster, Restore("--delta", "--set=20261127-090000F"), cluster.Spec.Instances[0], Instance, PostgresImage);

        var pod = job.Spec.Template.Spec;
        Assert.Equal(Instance + "-pgwal", pod.Volumes.Single(v => v.Name == "ivory-wal").PersistentVolumeClaim.ClaimName);
        Assert.Equal("--delta --set=20261127-090000F --stanza=db --pg1-path=/pgdata/pg16 --repo=1 --link-map=pg_wal=/pgwal/pg16_wal", pod.Containers[0].Command[^1]);
    }

    [Fact]
    public void Options_ivyo_sets_itself_are_refused_with_ivory_operator_messages()
    {
        Assert.Empty(PgBackRestRestoreJob.Problems(["--type=time", "--target=\"2026-11-27 09:00:00+00\"", "--set=x"]));
        Assert.Empty(PgBackRestRestoreJob.Problems(null));
        Assert.Equal(["Option '--repo' is not allowed: please use the 'repoName' field instead."], PgBackRestRestoreJob.Problems(["--repo=2"]));
        Assert.Equal(["Option '--repo' is not allowed: please use the 'repoName' field instead."], PgBackRestRestoreJob.Problems(["--repo 2"]));
        Assert.Equal(
            ["Option '--pg1-path' is not allowed: the operator will automatically set this option", "Option '--link-map' is not allowed: the operator will automatically set this option"],
            PgBackRestRestoreJob.Problems(["--pg1-path=/x", "--link-map=pg_wal=/y"]));
    }

    [Fact]
    public void The_settings_hash_follows_the_repository_and_options()
    {
        var hash = PgBackRestRestoreJob.SettingsHash(Restore("--type=immediate"));
        Assert.Equal(hash, PgBackRestRestoreJob.SettingsHash(Restore("--type=immediate")));
        Assert.NotEqual(hash, PgBackRestRestoreJob.SettingsHash(Restore("--type=time")));
        Assert.NotEqual(hash, PgBackRestRestoreJob.SettingsHash(new PgBackRestRestore { Enabled = true, RepoName = "repo2", Options = ["--type=immediate"] }));
    }

    [Fact]
    public void The_restore_script_is_valid_bash()
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", "-c", PgBackRestRestoreCommand.Script]) { RedirectStandardError = true })!;
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, errors);
    }
}
