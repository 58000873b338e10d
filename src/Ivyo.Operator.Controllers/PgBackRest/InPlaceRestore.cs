using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>What an in-place restore asks of the API: delete the old restore Job, delete Patroni's Endpoints, or create the Job.</summary>
internal abstract record RestoreAction
{
    private RestoreAction()
    {
    }

    /// <summary>Deletes the object <paramref name="Name"/> of <paramref name="Kind"/> if it still has <paramref name="Uid"/>.</summary>
    public sealed record Delete(OwnedKind Kind, string Name, string Uid) : RestoreAction;

    /// <summary>Creates the restore Job.</summary>
    public sealed record Create(V1Job Job) : RestoreAction;
}

/// <summary>
/// What the in-place restore decided for this pass. <paramref name="InProgress"/>: the restore owns the cluster (the
/// steps inside the running cluster wait); <paramref name="HoldInstances"/>: every instance StatefulSet stays at 0;
/// <paramref name="Startup"/>: the instance to start first afterwards (and its set), when the restore names it;
/// <paramref name="Status"/>: <c>status.pgbackrest.restore</c> (null: as it is); <paramref name="Reset"/>: the
/// cluster is no longer bootstrapped (the system identifier and the repositories' status are cleared).
/// </summary>
internal sealed record RestorePlan(
    bool InProgress, bool HoldInstances, (string Instance, string Set)? Startup, JsonObject? Status, bool Reset,
    IReadOnlyList<ConditionUpdate> Conditions, IReadOnlyList<RestoreAction> Actions, IReadOnlyList<BackupEvent> Events)
{
    public static readonly RestorePlan None = new(false, false, null, null, false, [], [], []);
}

/// <summary>
/// ivory-operator's in-place restore (<c>reconcileDataSource</c>, <c>prepareForRestore</c>, <c>observeRestoreEnv</c>):
/// with <c>spec.backups.pgbackrest.restore.enabled</c>, each new value of the
/// <c>ivory-operator.ivorysql.org/pgbackrest-restore</c> annotation restores the cluster from its repository
/// <c>repoName</c> with <c>options</c> (for example <c>--type=time</c> and <c>--target=…</c>). The cluster is first
/// prepared (condition <c>PGBackRestoreProgressing</c>, reason <c>RestoreInPlaceRequested</c>): an old restore Job is
/// deleted, every instance is stopped (IVYO holds the StatefulSets at 0 replicas, keeping them and their volumes,
/// where ivory-operator deletes them), then Patroni's Endpoints (its DCS) are deleted. Then (reason
/// <c>ReadyForRestore</c>) the Job <c>&lt;c&gt;-pgbackrest-restore</c> restores into the data volume of the primary
/// (the startup instance); when it completes, <c>PostgresDataInitialized</c> is True, that instance starts first and
/// Patroni bootstraps from the restored directory; the other instances follow it as replicas. A failed Job leaves the
/// cluster stopped (<c>PostgresDataInitialized</c> False) until a new annotation value asks again.
/// Unlike ivory-operator, a request whose repository is not in the spec or whose options IVYO sets itself is refused
/// before anything is stopped (Warning <c>InvalidDataSource</c>), not after the cluster was taken down.
/// </summary>
internal static class InPlaceRestore
{
    public const string ProgressingCondition = "PGBackRestoreProgressing";
    public const string DataInitializedCondition = "PostgresDataInitialized";
    public const string ReadyForRestore = "ReadyForRestore";

    /// <param name="cluster">The cluster, with its annotations and spec.</param>
    /// <param name="liveStatus">Its status as stored.</param>
    /// <param name="instancePods">Its instance pods.</param>
    /// <param name="instanceSets">Its instance StatefulSets.</param>
    /// <param name="patroniEndpoints">Patroni's Endpoints of the cluster.</param>
    /// <param name="restoreJob">The restore Job, if there is one.</param>
    /// <param name="image">The PostgreSQL image the Job runs.</param>
    public static RestorePlan Decide(IvoryCluster cluster, JsonObject? liveStatus, IReadOnlyList<V1Pod> instancePods, IReadOnlyList<JsonObject> instanceSets,
        IReadOnlyList<JsonObject> patroniEndpoints, JsonObject? restoreJob, string image)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var restore = cluster.Spec.Backups.PgBackRest.Restore;
        var id = cluster.Metadata.Annotations is { } annotations && annotations.TryGetValue(Annotations.PgBackRestRestore, out var value) ? value : null;
        if (string.IsNullOrEmpty(id) || restore is not { Enabled: true })
        {
            return RestorePlan.None;
        }

        var conditions = liveStatus?["conditions"] as JsonArray;
        var progressing = Condition(conditions, ProgressingCondition);
        var restoring = (string?)progressing?["status"] == "True";
        var ready = restoring && (string?)progressing?["reason"] == ReadyForRestore;
        var initialized = (string?)Condition(conditions, DataInitializedCondition)?["status"] == "True";
        var status = liveStatus?["pgbackrest"]?["restore"] as JsonObject;
        var idChanged = id != (string?)status?["id"];
        var hash = PgBackRestRestoreJob.SettingsHash(restore);
        var settingsChanged = restoreJob is not null && (string?)restoreJob["metadata"]?["annotations"]?[Annotations.PgBackRestConfigHash] != hash;

        if (idChanged && Invalid(cluster, restore, id) is { } invalid)
        {
            return RestorePlan.None with { Events = [invalid] };
        }

        var startup = StartupOf(liveStatus, instancePods, instanceSets, cluster);
        if (idChanged || (restoring && (!ready || settingsChanged)))
        {
            return Prepare(id, idChanged, idChanged ? null : status, startup, instancePods, patroniEndpoints, restoreJob);
        }

        if (initialized)
        {
            return RestorePlan.None;
        }

        // Ready: the cluster is down and its DCS gone; the Job restores into the startup instance's volume.
        if (startup is not { } target)
        {
            return Holding(status, null, [], [new BackupEvent("InvalidDataSource", "Unable to determine the instance to restore into: the cluster has no instance", Warning: true)]);
        }

        if (restoreJob is null)
        {
            var set = cluster.Spec.Instances.FirstOrDefault(s => s.Name == target.Set) ?? cluster.Spec.Instances[0];
            var job = PgBackRestRestoreJob.Build(cluster, restore, set, target.Instance, image);
            return Holding(status, startup, [new RestoreAction.Create(job)],
                [new BackupEvent("RestoreStarted", $"Restoring \"{id}\" from {restore.RepoName} into instance {target.Instance} (Job {job.Metadata.Name})")]);
        }

        var observed = Observed(status ?? new JsonObject { ["id"] = id }, restoreJob);
        var finishedNow = (bool?)observed["finished"] == true && (bool?)status?["finished"] != true;
        if (BackupJob.Completed(restoreJob))
        {
            // The instances start, the restored one first; Patroni bootstraps from the restored directory.
            return new RestorePlan(true, false, startup, observed, false,
                [new ConditionUpdate(DataInitializedCondition, "True", "PGBackRestRestoreComplete", "pgBackRest restore completed successfully"), ConditionUpdate.Remove(ProgressingCondition)],
                [], finishedNow ? [new BackupEvent("RestoreComplete", $"Restore \"{id}\" completed; instance {target.Instance} starts first")] : []);
        }

        if (BackupJob.Failed(restoreJob))
        {
            return Holding(observed, startup, [],
                finishedNow ? [new BackupEvent("RestoreFailed", $"Restore \"{id}\" failed (Job {Metadata.Name(restoreJob)}): the cluster stays stopped until a new restore is asked for", Warning: true)] : [],
                new ConditionUpdate(DataInitializedCondition, "False", "PGBackRestRestoreFailed", "pgBackRest restore failed"));
        }

        return Holding(observed, startup, [], []);
    }

    private static RestorePlan Prepare(string id, bool newRequest, JsonObject? status, (string Instance, string Set)? startup, IReadOnlyList<V1Pod> instancePods,
        IReadOnlyList<JsonObject> patroniEndpoints, JsonObject? restoreJob)
    {
        status ??= new JsonObject { ["id"] = id, ["finished"] = false };
        RestorePlan Preparing(string what, IReadOnlyList<RestoreAction> actions, IReadOnlyList<BackupEvent> events) =>
            Holding(status, startup, actions, events, new ConditionUpdate(ProgressingCondition, "True", "RestoreInPlaceRequested", "Preparing cluster to restore in-place: " + what));

        BackupEvent[] requested = newRequest ? [new BackupEvent("RestoreRequested", $"Restore \"{id}\" requested: stopping the cluster")] : [];
        if (restoreJob is not null)
        {
            return Preparing("removing restore job", [new RestoreAction.Delete(OwnedKinds.Job, Metadata.Name(restoreJob), Metadata.Uid(restoreJob))], requested);
        }

        if (instancePods.Count > 0)
        {
            return Preparing("removing runners", [], requested);
        }

        if (patroniEndpoints.Count > 0)
        {
            return Preparing("removing DCS", [.. patroniEndpoints.Select(e => new RestoreAction.Delete(OwnedKinds.Endpoints, Metadata.Name(e), Metadata.Uid(e)))], requested);
        }

        return new RestorePlan(true, true, startup, status, true,
            [ConditionUpdate.Remove(DataInitializedCondition), new ConditionUpdate(ProgressingCondition, "True", ReadyForRestore, "Restoring cluster in-place")],
            [], requested);
    }

    private static RestorePlan Holding(JsonObject? status, (string Instance, string Set)? startup, IReadOnlyList<RestoreAction> actions, IReadOnlyList<BackupEvent> events,
        params ConditionUpdate[] conditions) =>
        new(true, true, startup, status, false, conditions, actions, events);

    /// <summary>
    /// The instance the restore goes into and that starts first: the one recorded, else the primary (its volume has
    /// the most, for a delta restore), else the first instance StatefulSet by name.
    /// </summary>
    private static (string Instance, string Set)? StartupOf(JsonObject? liveStatus, IReadOnlyList<V1Pod> pods, IReadOnlyList<JsonObject> sets, IvoryCluster cluster)
    {
        string firstSet = cluster.Spec.Instances[0].Name ?? "";
        if ((string?)liveStatus?["startupInstance"] is { Length: > 0 } recorded)
        {
            return (recorded, (string?)liveStatus?["startupInstanceSet"] ?? firstSet);
        }

        if (pods.FirstOrDefault(pod => InstancePods.IsPrimary(pod) && InstancePods.Instance(pod) is not null) is { } primary)
        {
            return (InstancePods.Instance(primary)!, InstancePods.Value(primary.Metadata.Labels, Labels.InstanceSet) ?? firstSet);
        }

        var set = sets.OrderBy(Metadata.Name, StringComparer.Ordinal).FirstOrDefault();
        return set is null ? null : (Metadata.Name(set), Metadata.Label(set, Labels.InstanceSet) ?? firstSet);
    }

    private static BackupEvent? Invalid(IvoryCluster cluster, PgBackRestRestore restore, string id)
    {
        if (cluster.Spec.Backups.PgBackRest.Repos.All(repo => repo.Name != restore.RepoName))
        {
            return new BackupEvent("InvalidDataSource",
                $"Restore \"{id}\" not started: spec.backups.pgbackrest.restore.repoName \"{restore.RepoName}\" is not a repository in spec.backups.pgbackrest.repos", Warning: true);
        }

        return PgBackRestRestoreJob.Problems(restore.Options) is { Count: > 0 } problems
            ? new BackupEvent("InvalidDataSource", $"Restore \"{id}\" not started: spec.backups.pgbackrest.restore.options: {string.Join(" ", problems)}", Warning: true)
            : null;
    }

    /// <summary><c>status.pgbackrest.restore</c> with the Job's progress copied in.</summary>
    private static JsonObject Observed(JsonObject status, JsonObject job)
    {
        var observed = status.DeepClone().AsObject();
        BackupJob.CopyProgress(observed, job);

        if (BackupJob.Completed(job) || BackupJob.Failed(job))
        {
            observed["finished"] = true;
        }

        return observed;
    }

    private static JsonObject? Condition(JsonArray? conditions, string type) =>
        conditions?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
}
