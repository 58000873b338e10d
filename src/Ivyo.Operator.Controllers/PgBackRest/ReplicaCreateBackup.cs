using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>What the replica-create backup needs to know of the cluster this pass.</summary>
/// <param name="Cluster">The cluster, defaults applied.</param>
/// <param name="Repos"><c>status.pgbackrest.repos</c> after stanza creation.</param>
/// <param name="Jobs">The cluster's Jobs (any kind; the replica-create ones are picked by label).</param>
/// <param name="Writable">Whether a primary is ready (pgBackRest backs up from a PostgreSQL that is not in recovery).</param>
/// <param name="RepoHostReady">Whether the dedicated repository host has a ready pod.</param>
/// <param name="Image">The pgBackRest image of the Job.</param>
/// <param name="NewName">A new Job name.</param>
internal sealed record BackupInputs(
    IvoryCluster Cluster, JsonArray? Repos, IReadOnlyList<JsonObject> Jobs, bool Writable, bool RepoHostReady, string Image, Func<string> NewName)
{
    /// <summary>Whether a repository is a volume, which a dedicated repository host serves.</summary>
    public bool DedicatedRepoHost => Cluster.Spec.Backups.PgBackRest.Repos.Any(repo => repo.Volume is not null);

    /// <summary>The status of repository <paramref name="name"/>, or null.</summary>
    public JsonObject? RepoStatus(string name) => RepoStatus(Repos, name);

    public static JsonObject? RepoStatus(JsonArray? repos, string name) =>
        repos?.OfType<JsonObject>().FirstOrDefault(status => (string?)status["name"] == name);
}

/// <summary>What the replica-create backup decided: the repositories' status, its two conditions, a Job to create or delete, an event.</summary>
internal sealed record ReplicaCreateOutcome(JsonArray? Repos, IReadOnlyList<ConditionUpdate> Conditions, BackupJobAction? Action, BackupEvent? Event)
{
    /// <summary>Whether <c>PGBackRestReplicaCreate</c> is True: replicas can be made from the backup, and manual and scheduled backups may run.</summary>
    public bool ReplicaCreateReady => Conditions.Any(c => c.Type == ReplicaCreateBackup.ReplicaCreateCondition && c.Status == "True");
}

/// <summary>
/// ivory-operator's <c>reconcileReplicaCreateBackup</c>: once the stanza of the first repository exists, a full backup
/// to it, so that replicas can be created with pgBackRest. The Job is replaced when it failed, when it backs up
/// another repository or another volume of it, mounts another container's configuration, or has another configuration
/// hash; when it
/// completes, <c>status.pgbackrest.repos[].replicaCreateBackupComplete</c> becomes true and nothing more is done.
/// Also the conditions <c>PGBackRestReplicaRepoReady</c> (the stanza exists) and <c>PGBackRestReplicaCreate</c> (the
/// backup is done), with ivory-operator's reasons and messages.
/// </summary>
internal static class ReplicaCreateBackup
{
    public const string ReplicaRepoReadyCondition = "PGBackRestReplicaRepoReady";
    public const string ReplicaCreateCondition = "PGBackRestReplicaCreate";

    public static ReplicaCreateOutcome Decide(BackupInputs inputs)
    {
        var cluster = inputs.Cluster;
        var specRepos = cluster.Spec.Backups.PgBackRest.Repos;
        if (specRepos.Count == 0)
        {
            return new ReplicaCreateOutcome(inputs.Repos, [], null, null);
        }

        var repo = specRepos[0];
        var repos = inputs.Repos?.DeepClone().AsArray();
        var status = BackupInputs.RepoStatus(repos, repo.Name);
        var (action, backupEvent) = Act(inputs, repo, status);
        return new ReplicaCreateOutcome(repos, [RepoReady(status), Created(status)], action, backupEvent);
    }

    private static (BackupJobAction?, BackupEvent?) Act(BackupInputs inputs, PgBackRestRepo repo, JsonObject? status)
    {
        if (!inputs.Writable || status is null || (bool?)status["replicaCreateBackupComplete"] == true)
        {
            return (null, null);
        }

        var container = PgBackRestBackupJobs.ConfigContainer(repo);
        var job = BackupJob.OfType(inputs.Jobs, Labels.BackupReplicaCreate).FirstOrDefault();
        if (job is not null)
        {
            var name = Metadata.Name(job);
            var failed = BackupJob.Failed(job);
            if (failed || Metadata.Label(job, Labels.PgBackRestRepo) != repo.Name
                || BackupJob.Annotation(job, Annotations.PgBackRestCurrentConfig) != container
                || BackupJob.Annotation(job, Annotations.PgBackRestConfigHash) != PgBackRestConfigHash.Compute(inputs.Cluster)
                || OtherVolume(job, status))
            {
                return (new BackupJobAction.Delete(name, Metadata.Uid(job)), failed
                    ? new BackupEvent("ReplicaCreateBackupFailed", $"The replica-create backup Job {name} failed; it is replaced by a new one", Warning: true)
                    : new BackupEvent("ReplicaCreateBackupReplaced", $"The replica-create backup Job {name} was made for another repository or configuration; it is replaced"));
            }

            if (BackupJob.Completed(job))
            {
                status["replicaCreateBackupComplete"] = true;
                return (null, new BackupEvent("ReplicaCreateBackupComplete", $"The replica-create backup to {repo.Name} completed (Job {name})"));
            }

            // Running: it reports back when it ends.
            return (null, null);
        }

        if ((inputs.DedicatedRepoHost && !inputs.RepoHostReady) || (bool?)status["stanzaCreated"] != true)
        {
            return (null, null);
        }

        // The step records ReplicaCreateBackupStarted once the Job exists.
        return (new BackupJobAction.Create(PgBackRestBackupJobs.ReplicaCreate(inputs.Cluster, repo, inputs.NewName(), inputs.Image, (string?)status["volume"])), null);
    }

    /// <summary>Whether the Job backed up to another volume than the repository's now (see <see cref="RepoVolumeStatus"/>).</summary>
    private static bool OtherVolume(JsonObject job, JsonObject status) =>
        BackupJob.Annotation(job, Annotations.PgBackRestRepoVolumeName) is { Length: > 0 } backedUp
        && (string?)status["volume"] is { Length: > 0 } volume && backedUp != volume;

    private static ConditionUpdate RepoReady(JsonObject? status) =>
        status is null ? new(ReplicaRepoReadyCondition, "Unknown", "RepoStatusMissing", "Status is missing for the replica creation repo")
        : (bool?)status["stanzaCreated"] == true ? new(ReplicaRepoReadyCondition, "True", "StanzaCreated", "pgBackRest replica create repo is ready for backups")
        : new(ReplicaRepoReadyCondition, "False", "StanzaNotCreated", "pgBackRest replica create repo is not ready for backups");

    private static ConditionUpdate Created(JsonObject? status) =>
        status is null ? new(ReplicaCreateCondition, "Unknown", "RepoStatusMissing", "Status is missing for the replica create repo")
        : (bool?)status["replicaCreateBackupComplete"] == true ? new(ReplicaCreateCondition, "True", "RepoBackupComplete", "pgBackRest replica creation is now possible")
        : new(ReplicaCreateCondition, "False", "RepoBackupNotComplete", "pgBackRest replica creation is not currently possible");
}
