using System.Text.Json.Nodes;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>Whether a backup CronJob may be written now, and what to tell the user when it may not.</summary>
internal sealed record ScheduledBackupDecision(bool Apply, BackupEvent? Event)
{
    public static ScheduledBackupDecision Wait { get; } = new(false, null);
}

/// <summary>
/// ivory-operator's gate before it writes a scheduled-backup CronJob (<c>reconcilePGBackRestCronJob</c>): the cluster
/// is bootstrapped (<c>status.patroni.systemIdentifier</c>), the replica-create backup is done (condition
/// <c>PGBackRestReplicaCreate</c> True), so that a scheduled backup never races it (pgBackRest runs one backup at a
/// time), and the CronJob's repository has a status with its stanza created. Until then the CronJob is neither
/// created nor updated; one that exists stays, as the reconciler keeps it among the wanted objects.
/// </summary>
internal static class ScheduledBackupGate
{
    public static ScheduledBackupDecision Decide(JsonObject? liveStatus, string repo)
    {
        if (string.IsNullOrEmpty((string?)liveStatus?["patroni"]?["systemIdentifier"]))
        {
            return ScheduledBackupDecision.Wait;
        }

        var replicaCreate = (liveStatus?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>().FirstOrDefault(condition => (string?)condition["type"] == ReplicaCreateBackup.ReplicaCreateCondition);
        if ((string?)replicaCreate?["status"] != "True")
        {
            return ScheduledBackupDecision.Wait;
        }

        var status = BackupInputs.RepoStatus(liveStatus?["pgbackrest"]?["repos"] as JsonArray, repo);
        if (status is null)
        {
            return new(false, new BackupEvent("InvalidBackupRepo",
                $"Unable to find status for \"{repo}\" as configured for a scheduled backup.  Please ensure this repo is defined in the spec.", Warning: true));
        }

        return (bool?)status["stanzaCreated"] == true
            ? new(true, null)
            : new(false, new BackupEvent("StanzaNotCreated", $"Stanza not created for \"{repo}\" as specified for a scheduled backup", Warning: true));
    }

    /// <summary>The repository a backup CronJob belongs to, from its labels.</summary>
    public static string? RepoOf(k8s.Models.V1ObjectMeta metadata) =>
        metadata.Labels?.TryGetValue(Labels.PgBackRestRepo, out var repo) == true ? repo : null;
}
