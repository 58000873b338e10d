using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using k8s.Models;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// The status IVYO reports: <c>observedGeneration</c>, per instance set how many instances exist, are ready and are
/// up to date, Patroni's system identifier, and the conditions. Only the fields computed here are written; a write is
/// sent only when one of them changed.
/// </summary>
internal static class ClusterStatus
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    public const string SpecValid = "SpecValid";

    /// <summary>The status fields for a reconciled cluster.</summary>
    public static JsonObject Observed(IvoryCluster cluster, ClusterSnapshot snapshot, JsonObject? liveStatus, RunningClusterState running, DateTimeOffset now)
    {
        var statefulSets = snapshot.Controlled(OwnedKinds.StatefulSet)
            .Where(set => Metadata.Label(set, Labels.Instance) is not null)
            .ToList();
        var instances = new JsonArray();
        var allReady = true;
        foreach (var set in cluster.Spec.Instances)
        {
            var members = statefulSets.Where(s => Metadata.Label(s, Labels.InstanceSet) == set.Name).ToList();
            int Sum(string field) => members.Sum(s => (int?)s["status"]?[field] ?? 0);
            var ready = Sum("readyReplicas");
            instances.Add(new JsonObject
            {
                ["name"] = set.Name,
                ["replicas"] = Sum("replicas"),
                ["readyReplicas"] = ready,
                ["updatedReplicas"] = Sum("updatedReplicas"),
            });
            allReady &= ready >= (set.Replicas ?? 1);
        }

        var primary = Primary(snapshot, cluster);
        var primaryReady = primary is not null && InstancePods.IsReady(primary);
        var (status, reason, message) = cluster.Spec.Shutdown == true
            ? ("False", "Shutdown", "The cluster is shut down (spec.shutdown).")
            : primary is null
                ? ("False", "NoPrimary", "No instance is the Patroni leader yet.")
                : !primaryReady
                    ? ("False", "PrimaryNotReady", $"The primary {primary.Metadata.Name} is not ready.")
                    : !allReady
                        ? ("False", "InstancesNotReady", $"The primary {primary.Metadata.Name} is ready; not every instance is.")
                        : ("True", "AllInstancesReady", $"The primary is {primary.Metadata.Name}; every instance is ready.");

        var conditions = Conditions(liveStatus);
        conditions = SetCondition(conditions, Ready, status, reason, message, cluster.Metadata.Generation, now);
        conditions = Remove(conditions, SpecValid);
        conditions = Remove(conditions, Progressing);
        if (running.PatroniConfiguration is { } applied)
        {
            conditions = SetCondition(conditions, applied.Type, applied.Status ? "True" : "False", applied.Reason, applied.Message, cluster.Metadata.Generation, now);
        }

        foreach (var update in running.BackupConditions ?? [])
        {
            conditions = update.Status is { } value
                ? SetCondition(conditions, update.Type, value, update.Reason, update.Message, cluster.Metadata.Generation, now)
                : Remove(conditions, update.Type);
        }

        var result = new JsonObject
        {
            ["observedGeneration"] = cluster.Metadata.Generation,
            ["instances"] = instances,
            ["conditions"] = conditions,
        };
        // A merge patch: null removes a field.
        result["patroni"] = new JsonObject
        {
            ["systemIdentifier"] = running.BootstrapReset ? null : SystemIdentifier(snapshot, cluster) ?? (string?)liveStatus?["patroni"]?["systemIdentifier"],
            ["switchover"] = running.Switchover.Switchover,
            ["switchoverTimeline"] = running.Switchover.Timeline,
        };
        result["usersRevision"] = running.UsersRevision;
        result["startupInstance"] = cluster.Status?.StartupInstance;
        result["startupInstanceSet"] = cluster.Status?.StartupInstanceSet;
        result["currentPrimary"] = primary?.Metadata.Name;
        var scheduled = PgBackRest.ScheduledBackupStatus.Of(snapshot.LabelledJobs());
        if (running.Repos is not null || running.ManualBackup is not null || running.Restore is not null || scheduled is not null
            || liveStatus?["pgbackrest"]?["scheduledBackups"] is not null)
        {
            // Only the repositories, the manual backup and the scheduled backups are IVYO's to write here; the rest of
            // status.pgbackrest is kept as it is.
            var pgBackRest = liveStatus?["pgbackrest"] is JsonObject live ? live.DeepClone().AsObject() : [];
            pgBackRest["scheduledBackups"] = scheduled;
            if (running.Repos is { } repos)
            {
                pgBackRest["repos"] = repos.DeepClone();
            }

            if (running.ManualBackup is { } manual)
            {
                pgBackRest["manualBackup"] = manual.DeepClone();
            }

            if (running.Restore is { } restore)
            {
                pgBackRest["restore"] = restore.DeepClone();
            }

            result["pgbackrest"] = pgBackRest;
        }
        return result;
    }

    /// <summary>The status of a paused cluster: only the Progressing condition changes, as in ivory-operator.</summary>
    public static JsonObject Paused(IvoryCluster cluster, JsonObject? liveStatus, DateTimeOffset now) => new()
    {
        ["conditions"] = SetCondition(Conditions(liveStatus), Progressing, "False", "Paused",
            "No spec changes will be applied and no other statuses will be updated.", cluster.Metadata.Generation, now),
    };

    /// <summary>The status of a cluster whose spec the operator cannot act on: what is wrong, in a condition.</summary>
    public static JsonObject Invalid(IvoryCluster cluster, JsonObject? liveStatus, string message, DateTimeOffset now) => new()
    {
        ["conditions"] = SetCondition(Conditions(liveStatus), SpecValid, "False", "InvalidSpec", message, cluster.Metadata.Generation, now),
    };

    /// <summary>Whether writing <paramref name="update"/> would change <paramref name="liveStatus"/>.</summary>
    public static bool Changes(JsonObject? liveStatus, JsonObject update) =>
        update.Any(pair => !JsonNode.DeepEquals(WithoutNulls(liveStatus?[pair.Key]), WithoutNulls(pair.Value)));

    /// <summary>A value as the API server would store it after a merge patch: members set to null are absent, and an object left empty is absent too.</summary>
    private static JsonNode? WithoutNulls(JsonNode? value)
    {
        if (value is not JsonObject obj)
        {
            return value?.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, member) in obj)
        {
            if (WithoutNulls(member) is { } kept)
            {
                result[key] = kept;
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>
    /// The primary's pod: the one Patroni's leader lock names (the <c>leader</c> annotation of the <c>&lt;c&gt;-ha</c>
    /// Endpoints), when it is labelled primary; else the first pod labelled primary. Labels alone are not enough: a
    /// primary whose node stopped or that a partition cut off keeps its <c>role=master</c> label (its Patroni cannot
    /// reach the API server to change it) while the new leader labels itself too, and the lock tells them apart.
    /// </summary>
    private static V1Pod? Primary(ClusterSnapshot snapshot, IvoryCluster cluster)
    {
        var labelled = snapshot.Pods
            .Where(pod => Labels.IsPrimaryRole(ClusterSnapshot.Label(pod, Labels.Role)) && pod.Metadata.Labels?.ContainsKey(Labels.Instance) == true)
            .ToList();
        var leader = (string?)snapshot.PatroniEndpoints()
            .FirstOrDefault(e => Metadata.Name(e) == Names.PatroniLeaderEndpoints(cluster.Metadata.Name))?["metadata"]?["annotations"]?["leader"];
        return labelled.FirstOrDefault(pod => pod.Metadata.Name == leader) ?? labelled.FirstOrDefault();
    }

    private static string? SystemIdentifier(ClusterSnapshot snapshot, IvoryCluster cluster)
    {
        var config = snapshot.PatroniEndpoints().FirstOrDefault(e => Metadata.Name(e) == Names.PatroniDistributedConfiguration(cluster.Metadata.Name));
        return (string?)config?["metadata"]?["annotations"]?["initialize"];
    }

    private static JsonArray Conditions(JsonObject? liveStatus) =>
        liveStatus?["conditions"] is JsonArray conditions ? conditions.DeepClone().AsArray() : [];

    private static JsonArray Remove(JsonArray conditions, string type) =>
        [.. conditions.Where(c => (string?)c?["type"] != type).Select(c => c?.DeepClone())];

    /// <summary>Sets a condition as <c>meta.SetStatusCondition</c>: the transition time moves only when the status does.</summary>
    private static JsonArray SetCondition(JsonArray conditions, string type, string status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        var transition = existing is not null && (string?)existing["status"] == status
            ? (string?)existing["lastTransitionTime"]
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["reason"] = reason,
            ["message"] = message,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = transition,
        };
        var result = new JsonArray();
        var placed = false;
        foreach (var c in conditions)
        {
            if ((string?)c?["type"] == type)
            {
                result.Add(condition);
                placed = true;
            }
            else
            {
                result.Add(c?.DeepClone());
            }
        }

        if (!placed)
        {
            result.Add(condition);
        }

        return result;
    }
}
