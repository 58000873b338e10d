using System.Text.Json.Nodes;
using Ivyo.Operator.Naming;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>
/// <c>status.pgbackrest.scheduledBackups</c> as ivory-operator's <c>setScheduledJobStatus</c> writes it: one entry per
/// Job a backup CronJob started (labelled <c>pgbackrest-cronjob</c>), with its CronJob (the Job's owner), repository,
/// backup type, and the Job's start and completion times and pod counts. The Jobs are the CronJob controller's, kept
/// as its history limits say; the list follows them.
/// </summary>
internal static class ScheduledBackupStatus
{
    /// <summary>The entries of <paramref name="jobs"/> (any of the cluster's Jobs), by Job name; null when there are none.</summary>
    public static JsonArray? Of(IEnumerable<JsonObject> jobs)
    {
        var entries = new JsonArray();
        foreach (var job in jobs.Where(job => !string.IsNullOrEmpty(Metadata.Label(job, Labels.PgBackRestCronJob)))
            .OrderBy(Metadata.Name, StringComparer.Ordinal))
        {
            var status = job["status"];
            var entry = new JsonObject
            {
                ["cronJobName"] = (string?)job["metadata"]?["ownerReferences"]?[0]?["name"],
                ["repo"] = Metadata.Label(job, Labels.PgBackRestRepo),
                ["type"] = Metadata.Label(job, Labels.PgBackRestCronJob),
                ["startTime"] = status?["startTime"]?.DeepClone(),
                ["completionTime"] = status?["completionTime"]?.DeepClone(),
                ["active"] = Count(status, "active"),
                ["succeeded"] = Count(status, "succeeded"),
                ["failed"] = Count(status, "failed"),
            };
            // As Go's omitempty leaves them out: no empty strings, no zero counts.
            foreach (var empty in entry.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
            {
                entry.Remove(empty);
            }

            entries.Add(entry);
        }

        return entries.Count == 0 ? null : entries;
    }

    private static int? Count(JsonNode? status, string field) => (int?)status?[field] is > 0 and var count ? count : null;
}
