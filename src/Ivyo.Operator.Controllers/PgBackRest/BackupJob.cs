using System.Text.Json.Nodes;
using Ivyo.Operator.Naming;
using k8s.Models;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>What a decision about backup Jobs asks the step to do: create a Job, or delete one (with its pods).</summary>
internal abstract record BackupJobAction
{
    private BackupJobAction()
    {
    }

    /// <summary>Creates <paramref name="Job"/> (server-side apply).</summary>
    public sealed record Create(V1Job Job) : BackupJobAction;

    /// <summary>Deletes the Job <paramref name="Name"/> if it still has <paramref name="Uid"/>, in the background.</summary>
    public sealed record Delete(string Name, string Uid) : BackupJobAction;
}

/// <summary>An event a decision reports: Normal unless <paramref name="Warning"/>.</summary>
internal sealed record BackupEvent(string Reason, string Message, bool Warning = false);

/// <summary>A backup Job as the informer's cache holds it: its name, labels, annotations and how it ended.</summary>
internal static class BackupJob
{
    /// <summary>The cluster's Jobs labelled <c>pgbackrest-backup=<paramref name="backupType"/></c>, by name (as a list request returns them).</summary>
    public static IReadOnlyList<JsonObject> OfType(IEnumerable<JsonObject> jobs, string backupType) =>
        [.. jobs.Where(job => Metadata.Label(job, Labels.PgBackRestBackup) == backupType && job["metadata"]?["deletionTimestamp"] is null)
            .OrderBy(Metadata.Name, StringComparer.Ordinal)];

    /// <summary>Whether the Job has the condition <c>Complete</c>.</summary>
    public static bool Completed(JsonObject job) => HasCondition(job, "Complete");

    /// <summary>Whether the Job has the condition <c>Failed</c>.</summary>
    public static bool Failed(JsonObject job) => HasCondition(job, "Failed");

    public static string? Annotation(JsonObject job, string key) => (string?)job["metadata"]?["annotations"]?[key];

    /// <summary>Copies the Job's progress into a <c>PGBackRestJobStatus</c> (<c>manualBackup</c>, <c>restore</c>), as ivory-operator does.</summary>
    public static void CopyProgress(JsonObject status, JsonObject job)
    {
        foreach (var field in new[] { "startTime", "completionTime", "succeeded", "failed", "active" })
        {
            status[field] = job["status"]?[field]?.DeepClone();
        }
    }

    private static bool HasCondition(JsonObject job, string type) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => (string?)c["type"] == type && (string?)c["status"] == "True");
}
