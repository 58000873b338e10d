using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// <c>&lt;c&gt;-&lt;repo&gt;-&lt;type&gt;</c>: one CronJob per backup schedule of a repository, <c>full</c>, <c>diff</c> or
/// <c>incr</c>. They are suspended while the cluster is shut down or a standby. ivory-operator creates them only once
/// the cluster is bootstrapped, the stanza exists and the replica-create backup is done; that gate is the
/// reconciler's, from status.
/// </summary>
public static class PgBackRestCronJobs
{
    public const string Full = "full";
    public const string Differential = "diff";
    public const string Incremental = "incr";

    public static IReadOnlyList<V1CronJob> Build(ClusterInputs inputs, string? defaultImage)
    {
        var cluster = inputs.Cluster;
        var jobs = new List<V1CronJob>();
        foreach (var repo in cluster.Spec.Backups.PgBackRest.Repos)
        {
            var schedules = repo.Schedules;
            foreach (var (type, schedule) in new[] { (Full, schedules?.Full), (Differential, schedules?.Differential), (Incremental, schedules?.Incremental) })
            {
                if (!string.IsNullOrEmpty(schedule))
                {
                    jobs.Add(Build(inputs, repo, type, schedule, PgBackRestImage.Resolve(cluster, defaultImage)));
                }
            }
        }

        return jobs;
    }

    private static V1CronJob Build(ClusterInputs inputs, PgBackRestRepo repo, string type, string schedule, string image)
    {
        var cluster = inputs.Cluster;
        var labels = Labels.ForPgBackRestCronJob(inputs.Name, repo.Name, type);
        var podLabels = PgBackRestMetadata.PodLabels(cluster, labels);
        var annotations = PgBackRestMetadata.PodAnnotations(cluster);
        return new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = PgBackRestMetadata.Object(cluster, Names.PgBackRestCronJob(inputs.Name, repo.Name, type), labels),
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                Suspend = cluster.Spec.Shutdown == true || cluster.Spec.Standby?.Enabled == true,
                ConcurrencyPolicy = "Forbid",
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels, Annotations = annotations },
                    Spec = PgBackRestBackupJob.Spec(cluster, repo, image, podLabels, annotations, ["--type=" + type]),
                },
            },
        };
    }
}
