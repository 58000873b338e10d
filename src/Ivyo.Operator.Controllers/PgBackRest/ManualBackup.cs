using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>
/// What the manual backup decided: <c>status.pgbackrest.manualBackup</c> (null: leave it as it is), the
/// <c>PGBackRestManualBackupSuccessful</c> condition to set or remove (or null), a Job to create or delete, and events.
/// </summary>
internal sealed record ManualBackupOutcome(JsonObject? Status, ConditionUpdate? Condition, BackupJobAction? Action, IReadOnlyList<BackupEvent> Events);

/// <summary>
/// ivory-operator's <c>reconcileManualBackup</c>: <c>spec.backups.pgbackrest.manual</c> says what to back up, and each
/// new value of the <c>ivory-operator.ivorysql.org/pgbackrest-backup</c> annotation asks for one backup Job
/// (<c>pgbackrest-backup=manual</c>), whose progress is copied into <c>status.pgbackrest.manualBackup</c> (its
/// <c>id</c> is the annotation's value) and whose end sets <c>PGBackRestManualBackupSuccessful</c>. A finished Job is
/// deleted when the annotation changes, and the next pass starts the new backup; a Job still running for an older
/// value is left to finish first (ivory-operator would try to re-apply it with the new id, which the Job's immutable
/// template refuses). The backup waits for the replica-create backup, the repository host, and the repository's
/// stanza. Invalid requests (no <c>spec.backups.pgbackrest.manual</c>, an unknown repository, a <c>--repo</c>
/// option) are Warning events.
/// </summary>
internal static class ManualBackup
{
    public const string Condition = "PGBackRestManualBackupSuccessful";

    /// <param name="inputs">The cluster, its repositories' status and Jobs.</param>
    /// <param name="annotation">The value of the <c>pgbackrest-backup</c> annotation, or null.</param>
    /// <param name="liveStatus"><c>status.pgbackrest.manualBackup</c> as it is, or null.</param>
    /// <param name="replicaCreateReady">Whether the replica-create backup is done (<c>PGBackRestReplicaCreate</c> is True).</param>
    public static ManualBackupOutcome Decide(BackupInputs inputs, string? annotation, JsonObject? liveStatus, bool replicaCreateReady)
    {
        var cluster = inputs.Cluster;
        var status = liveStatus?.DeepClone().AsObject();
        ConditionUpdate? condition = null;
        var events = new List<BackupEvent>();
        ManualBackupOutcome Outcome(BackupJobAction? action = null) => new(status, condition, action, events);

        var job = BackupJob.OfType(inputs.Jobs, Labels.BackupManual).FirstOrDefault();
        if (job is not null)
        {
            var name = Metadata.Name(job);
            var completed = BackupJob.Completed(job);
            var failed = BackupJob.Failed(job);
            var id = BackupJob.Annotation(job, Annotations.PgBackRestBackup);
            if (status is not null && (string?)status["id"] == id)
            {
                if (completed)
                {
                    condition = new(Condition, "True", "ManualBackupComplete", "Manual backup completed successfully");
                }
                else if (failed)
                {
                    condition = new(Condition, "False", "ManualBackupFailed", "Manual backup did not complete successfully");
                }

                BackupJob.CopyProgress(status, job);

                if ((completed || failed) && (bool?)status["finished"] != true)
                {
                    status["finished"] = true;
                    events.Add(completed
                        ? new BackupEvent("ManualBackupComplete", $"Manual backup \"{id}\" completed (Job {name})")
                        : new BackupEvent("ManualBackupFailed", $"Manual backup \"{id}\" did not complete successfully (Job {name})", Warning: true));
                }
            }

            if (!string.IsNullOrEmpty(annotation) && id != annotation)
            {
                // A new backup is asked for: the finished Job makes way; a running one finishes first.
                return Outcome(completed || failed ? new BackupJobAction.Delete(name, Metadata.Uid(job)) : null);
            }
        }

        if (string.IsNullOrEmpty(annotation))
        {
            return Outcome();
        }

        var manual = cluster.Spec.Backups.PgBackRest.Manual;
        if (manual is null)
        {
            if ((string?)status?["id"] != annotation)
            {
                events.Add(new BackupEvent("InvalidManualBackup",
                    $"The annotation {Annotations.PgBackRestBackup}=\"{annotation}\" asks for a manual backup, but spec.backups.pgbackrest.manual is not set: set its repoName (and options) to take it",
                    Warning: true));
            }

            return Outcome();
        }

        if (!inputs.Writable)
        {
            return Outcome();
        }

        if (status is null || (string?)status["id"] != annotation)
        {
            status = new JsonObject
            {
                ["id"] = annotation,
                ["finished"] = false,
                ["startTime"] = null,
                ["completionTime"] = null,
                ["succeeded"] = null,
                ["failed"] = null,
                ["active"] = null,
            };
            condition = ConditionUpdate.Remove(Condition);
        }

        if ((bool?)status["finished"] == true
            || (inputs.DedicatedRepoHost && !inputs.RepoHostReady)
            || !replicaCreateReady)
        {
            return Outcome();
        }

        var repoName = manual.RepoName;
        var repoStatus = inputs.RepoStatus(repoName);
        var repo = cluster.Spec.Backups.PgBackRest.Repos.FirstOrDefault(r => r.Name == repoName);
        if (repoStatus is null || repo is null)
        {
            events.Add(new BackupEvent("InvalidBackupRepo",
                $"Unable to find status for \"{repoName}\" as configured for a manual backup.  Please ensure this repo is defined in the spec.", Warning: true));
            return Outcome();
        }

        if ((bool?)repoStatus["stanzaCreated"] != true)
        {
            events.Add(new BackupEvent("StanzaNotCreated", $"Stanza not created for \"{repoName}\" as specified for a manual backup", Warning: true));
            return Outcome();
        }

        if ((manual.Options ?? []).Any(option => option.Contains("--repo=", StringComparison.Ordinal) || option.Contains("--repo ", StringComparison.Ordinal)))
        {
            events.Add(new BackupEvent("InvalidManualBackup", "Option '--repo' is not allowed: please use the 'repoName' field instead.", Warning: true));
            return Outcome();
        }

        if (job is not null)
        {
            // The Job of this backup is running.
            return Outcome();
        }

        // The step records ManualBackupStarted once the Job exists.
        return Outcome(new BackupJobAction.Create(PgBackRestBackupJobs.Manual(cluster, repo, inputs.NewName(), annotation, inputs.Image)));
    }
}
