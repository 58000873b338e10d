using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// The defaults of the apps/v1 and batch/v1 workloads: pkg/apis/apps/v1/defaults.go (SetDefaults_StatefulSet,
/// SetDefaults_Deployment, SetDefaults_ReplicaSet, SetDefaults_DaemonSet) and pkg/apis/batch/v1/defaults.go
/// (SetDefaults_Job, SetDefaults_CronJob), each also defaulting its pod template.
/// </summary>
internal static class WorkloadDefaults
{
    public static void ApplyStatefulSet(JsonObject statefulSet)
    {
        var spec = JsonAccess.Ensure(statefulSet, "spec");
        JsonAccess.Default(spec, "podManagementPolicy", "OrderedReady");
        var strategy = JsonAccess.Ensure(spec, "updateStrategy");
        JsonAccess.Default(strategy, "type", "RollingUpdate");
        if (JsonAccess.String(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = JsonAccess.Ensure(strategy, "rollingUpdate");
            JsonAccess.Default(rollingUpdate, "partition", 0);
        }

        // StatefulSetAutoDeletePVC is beta and on by default since 1.27.
        var retention = JsonAccess.Ensure(spec, "persistentVolumeClaimRetentionPolicy");
        JsonAccess.Default(retention, "whenDeleted", "Retain");
        JsonAccess.Default(retention, "whenScaled", "Retain");

        JsonAccess.Default(spec, "replicas", 1);
        JsonAccess.Default(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.ApplyTemplate(JsonAccess.Object(spec, "template"));

        foreach (var claim in JsonAccess.Objects(spec, "volumeClaimTemplates"))
        {
            // The templates are PersistentVolumeClaims: their spec and status defaults apply, and their metadata
            // is written as a typed server writes it.
            var metadata = JsonAccess.Ensure(claim, "metadata");
            if (!metadata.ContainsKey("creationTimestamp"))
            {
                metadata["creationTimestamp"] = null;
            }

            StorageDefaults.ApplyClaim(claim);
        }
    }

    public static void ApplyDeployment(JsonObject deployment)
    {
        var spec = JsonAccess.Ensure(deployment, "spec");
        JsonAccess.Default(spec, "replicas", 1);
        var strategy = JsonAccess.Ensure(spec, "strategy");
        JsonAccess.Default(strategy, "type", "RollingUpdate");
        if (JsonAccess.String(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = JsonAccess.Ensure(strategy, "rollingUpdate");
            JsonAccess.Default(rollingUpdate, "maxUnavailable", "25%");
            JsonAccess.Default(rollingUpdate, "maxSurge", "25%");
        }

        JsonAccess.Default(spec, "revisionHistoryLimit", 10);
        JsonAccess.Default(spec, "progressDeadlineSeconds", 600);
        PodSpecDefaults.ApplyTemplate(JsonAccess.Object(spec, "template"));
    }

    public static void ApplyReplicaSet(JsonObject replicaSet)
    {
        var spec = JsonAccess.Ensure(replicaSet, "spec");
        JsonAccess.Default(spec, "replicas", 1);
        PodSpecDefaults.ApplyTemplate(JsonAccess.Object(spec, "template"));
    }

    public static void ApplyDaemonSet(JsonObject daemonSet)
    {
        var spec = JsonAccess.Ensure(daemonSet, "spec");
        var strategy = JsonAccess.Ensure(spec, "updateStrategy");
        JsonAccess.Default(strategy, "type", "RollingUpdate");
        if (JsonAccess.String(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = JsonAccess.Ensure(strategy, "rollingUpdate");
            JsonAccess.Default(rollingUpdate, "maxUnavailable", 1);
            JsonAccess.Default(rollingUpdate, "maxSurge", 0);
        }

        JsonAccess.Default(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.ApplyTemplate(JsonAccess.Object(spec, "template"));
    }

    public static void ApplyJob(JsonObject job)
    {
        var spec = JsonAccess.Ensure(job, "spec");
        if (JsonAccess.IsUnset(spec, "completions") && JsonAccess.IsUnset(spec, "parallelism"))
        {
            spec["completions"] = 1L;
            spec["parallelism"] = 1L;
        }

        JsonAccess.Default(spec, "parallelism", 1);
        JsonAccess.Default(spec, "backoffLimit", JsonAccess.IsUnset(spec, "backoffLimitPerIndex") ? 6 : int.MaxValue);
        JsonAccess.Default(spec, "completionMode", "NonIndexed");
        JsonAccess.Default(spec, "suspend", false);

        // JobPodReplacementPolicy is beta and on by default since 1.29.
        JsonAccess.Default(spec, "podReplacementPolicy", JsonAccess.IsUnset(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
        ApplyJobSelector(job, spec);
        PodSpecDefaults.ApplyTemplate(JsonAccess.Object(spec, "template"));
    }

    /// <summary>
    /// pkg/registry/batch/job/strategy.go generateSelector: without manualSelector, a Job with a uid selects its pods
    /// by controller uid and labels its template with the uid and job name (new and legacy label keys).
    /// </summary>
    private static void ApplyJobSelector(JsonObject job, JsonObject spec)
    {
        var metadata = JsonAccess.Object(job, "metadata");
        if (JsonAccess.Boolean(spec, "manualSelector") == true || JsonAccess.String(metadata, "uid") is not { Length: > 0 } uid)
        {
            return;
        }

        var name = JsonAccess.String(metadata, "name") ?? string.Empty;
        var template = JsonAccess.Ensure(spec, "template");
        var labels = JsonAccess.Ensure(JsonAccess.Ensure(template, "metadata"), "labels");
        JsonAccess.Default(labels, "batch.kubernetes.io/controller-uid", uid);
        JsonAccess.Default(labels, "batch.kubernetes.io/job-name", name);
        JsonAccess.Default(labels, "controller-uid", uid);
        JsonAccess.Default(labels, "job-name", name);
        if (JsonAccess.IsUnset(spec, "selector"))
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        }
    }

    public static void ApplyCronJob(JsonObject cronJob)
    {
        var spec = JsonAccess.Ensure(cronJob, "spec");
        JsonAccess.Default(spec, "concurrencyPolicy", "Allow");
        JsonAccess.Default(spec, "suspend", false);
        JsonAccess.Default(spec, "successfulJobsHistoryLimit", 3);
        JsonAccess.Default(spec, "failedJobsHistoryLimit", 1);

        // SetDefaults_Job is for Job objects only: the jobTemplate's JobSpec keeps its unset fields, while its pod
        // template gets the PodSpec defaults.
        var jobTemplate = JsonAccess.Object(spec, "jobTemplate");
        if (jobTemplate is not null)
        {
            var metadata = JsonAccess.Ensure(jobTemplate, "metadata");
            if (!metadata.ContainsKey("creationTimestamp"))
            {
                metadata["creationTimestamp"] = null;
            }

            PodSpecDefaults.ApplyTemplate(JsonAccess.Object(JsonAccess.Object(jobTemplate, "spec"), "template"));
        }
    }
}
