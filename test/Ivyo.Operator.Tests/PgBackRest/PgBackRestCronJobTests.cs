using Ivyo.Api.V1Beta1;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestCronJobTests
{
    private static IvoryCluster Scheduled() => BackupClusters.Hippo(
        BackupClusters.VolumeRepo("repo1", new RepoSchedules { Full = "0 1 * * 0", Differential = "0 1 * * 1-6" }),
        new PgBackRestRepo
        {
            Name = "repo2",
            S3 = new RepoS3 { Bucket = "b", Endpoint = "e", Region = "r" },
            Schedules = new RepoSchedules { Incremental = "0 */4 * * *" },
        });

    private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;

    [Fact]
    public void One_cron_job_per_schedule_named_cluster_repo_type()
    {
        var jobs = PgBackRestCronJobs.Build(BackupClusters.Inputs(Scheduled()), BackupClusters.Image);

        Assert.Equal(["hippo-repo1-full", "hippo-repo1-diff", "hippo-repo2-incr"], jobs.Select(j => j.Metadata.Name));
        Assert.Equal(["0 1 * * 0", "0 1 * * 1-6", "0 */4 * * *"], jobs.Select(j => j.Spec.Schedule));
        Assert.All(jobs, job =>
        {
            Assert.Equal(("batch/v1", "CronJob"), (job.ApiVersion, job.Kind));
            Assert.Equal("Forbid", job.Spec.ConcurrencyPolicy);
            Assert.False(job.Spec.Suspend);
            Assert.True(Assert.Single(job.Metadata.OwnerReferences).Controller);
        });
        Assert.Empty(PgBackRestCronJobs.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), BackupClusters.Image));
    }

    [Fact]
    public void Cron_job_labels_name_the_repo_and_backup_type()
    {
        var job = PgBackRestCronJobs.Build(BackupClusters.Inputs(Scheduled()), BackupClusters.Image)[1];

        var expected = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-repo"] = "repo1",
            ["ivory-operator.ivorysql.org/pgbackrest-cronjob"] = "diff",
        };
        Assert.Equal(expected, job.Metadata.Labels);
        Assert.Equal(expected, job.Spec.JobTemplate.Metadata.Labels);
        Assert.Equal(expected, job.Spec.JobTemplate.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public void Volume_repo_backups_run_on_the_repo_host()
    {
        var pod = PgBackRestCronJobs.Build(BackupClusters.Inputs(Scheduled()), BackupClusters.Image)[0].Spec.JobTemplate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal(("pgbackrest", BackupClusters.Image), (container.Name, container.Image));
        Assert.Equal(["/opt/crunchy/bin/pgbackrest"], container.Command);
        Assert.Equal("backup", Env(container, "COMMAND"));
        Assert.Equal("--stanza=db --repo=1 --type=full", Env(container, "COMMAND_OPTS"));
        Assert.Equal("true", Env(container, "COMPARE_HASH"));
        Assert.Equal("pgbackrest", Env(container, "CONTAINER"));
        Assert.Equal("postgres-operator", Env(container, "NAMESPACE"));
        Assert.Equal("ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/pgbackrest=,ivory-operator.ivorysql.org/pgbackrest-dedicated=",
            Env(container, "SELECTOR"));
        Assert.Equal("hippo-pgbackrest", pod.ServiceAccountName);
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.False(pod.EnableServiceLinks);

        var volume = Assert.Single(pod.Volumes);
        Assert.Equal("pgbackrest-config", volume.Name);
        Assert.Equal("pgbackrest_repo.conf", volume.Projected.Sources[0].ConfigMap.Items[0].Key);
        Assert.Equal(("pgbackrest-config", "/etc/pgbackrest/conf.d"), (container.VolumeMounts[0].Name, container.VolumeMounts[0].MountPath));
    }

    [Fact]
    public void Cloud_repo_backups_run_in_the_primary()
    {
        var pod = PgBackRestCronJobs.Build(BackupClusters.Inputs(Scheduled()), BackupClusters.Image)[2].Spec.JobTemplate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal("--stanza=db --repo=2 --type=incr", Env(container, "COMMAND_OPTS"));
        Assert.Equal("database", Env(container, "CONTAINER"));
        Assert.Equal("ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance,ivory-operator.ivorysql.org/role in (master,primary)",
            Env(container, "SELECTOR"));
        Assert.Equal("pgbackrest_instance.conf", Assert.Single(pod.Volumes).Projected.Sources[0].ConfigMap.Items[0].Key);
    }

    [Fact]
    public void Job_settings_pass_through_and_shutdown_or_standby_suspend()
    {
        var cluster = Scheduled();
        var resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } };
        var tolerations = new List<V1Toleration> { new() { Key = "backup", OperatorProperty = "Exists" } };
        cluster.Spec.Backups.PgBackRest.Jobs = new BackupJobs
        {
            Resources = resources,
            PriorityClassName = "low",
            Tolerations = tolerations,
            TtlSecondsAfterFinished = 600,
        };

        var job = PgBackRestCronJobs.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)[0];
        Assert.Equal(600, job.Spec.JobTemplate.Spec.TtlSecondsAfterFinished);
        Assert.Same(resources, job.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Resources);
        Assert.Same(tolerations, job.Spec.JobTemplate.Spec.Template.Spec.Tolerations);
        Assert.Equal("low", job.Spec.JobTemplate.Spec.Template.Spec.PriorityClassName);

        cluster.Spec.Shutdown = true;
        Assert.All(PgBackRestCronJobs.Build(BackupClusters.Inputs(cluster), BackupClusters.Image), j => Assert.True(j.Spec.Suspend));
        cluster.Spec.Shutdown = null;
        cluster.Spec.Standby = new StandbySpec { Enabled = true, RepoName = "repo2" };
        Assert.All(PgBackRestCronJobs.Build(BackupClusters.Inputs(cluster), BackupClusters.Image), j => Assert.True(j.Spec.Suspend));
    }
}
