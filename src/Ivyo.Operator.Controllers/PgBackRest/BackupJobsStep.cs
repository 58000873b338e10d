using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Controllers.Apply;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using k8s;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>What the backup Jobs step reports for the status.</summary>
/// <param name="Repos"><c>status.pgbackrest.repos</c>, with <c>replicaCreateBackupComplete</c>.</param>
/// <param name="ManualBackup"><c>status.pgbackrest.manualBackup</c>, or null to leave it as it is.</param>
/// <param name="Conditions">The backup conditions to set or remove.</param>
internal sealed record BackupJobsResult(JsonArray? Repos, JsonObject? ManualBackup, IReadOnlyList<ConditionUpdate> Conditions);

/// <summary>
/// Runs the backup Jobs of a cluster after stanza creation: the replica-create backup (<see cref="ReplicaCreateBackup"/>),
/// then a manual backup (<see cref="ManualBackup"/>), and removes backup Jobs of repositories the spec no longer has.
/// The decisions are pure; this step writes what they ask for and records their events. A Warning about the same
/// request is recorded once, not at every pass (each repeat would be a write in steady state). A Job it created is
/// expected in the informer's cache: until it shows there (or for a minute at most), no other Job of its kind is
/// created, so that a pass reading a cache from before the creation does not start a second backup.
/// </summary>
internal sealed partial class BackupJobsStep(ResourceClient client, ObjectApplier applier, EventRecorder events, IRandomSource random, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan s_expectationLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _lastWarning = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Uid, string BackupType), (string Name, DateTimeOffset Created)> _expected = new();

    public async Task<BackupJobsResult> RunAsync(IvoryCluster cluster, ClusterSnapshot snapshot, JsonArray? repos, JsonObject? liveStatus, string? defaultImage,
        EventSubject subject, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name;
        if (cluster.Spec.Backups.PgBackRest.Repos.Count == 0)
        {
            return new BackupJobsResult(repos, null, []);
        }

        var specRepos = cluster.Spec.Backups.PgBackRest.Repos.Select(repo => repo.Name).ToHashSet(StringComparer.Ordinal);
        var (jobs, stale) = Partition(snapshot.Controlled(OwnedKinds.Job), job =>
            Metadata.Label(job, Labels.PgBackRestBackup) is null || specRepos.Contains(Metadata.Label(job, Labels.PgBackRestRepo) ?? ""));
        foreach (var job in stale.Where(job => job["metadata"]?["deletionTimestamp"] is null))
        {
            // As ivory-operator's cleanup: backup Jobs of a repository that is no longer in the spec go.
            await ActAsync(cluster, new BackupJobAction.Delete(Metadata.Name(job), Metadata.Uid(job)),
                [new BackupEvent("Deleted", $"Deleted Job {Metadata.Name(job)}: its repository is no longer in the spec")], subject, cancellationToken).ConfigureAwait(false);
        }

        var repoHostReady = snapshot.Controlled(OwnedKinds.StatefulSet)
            .Any(set => Metadata.Name(set) == Names.PgBackRestRepoHost(name) && ((int?)set["status"]?["readyReplicas"] ?? 0) > 0);
        string image;
        try
        {
            image = Ivyo.Operator.PgBackRest.PgBackRestImage.Resolve(cluster, defaultImage);
        }
        catch (InvalidOperationException invalid)
        {
            await ActAsync(cluster, null, [new BackupEvent("InvalidSpec", invalid.Message, Warning: true)], subject, cancellationToken).ConfigureAwait(false);
            return new BackupJobsResult(repos, null, []);
        }

        var inputs = new BackupInputs(cluster, repos, jobs, InstancePods.ReadyPrimary(snapshot.Pods) is not null, repoHostReady, image,
            () => Names.GeneratePgBackRestBackupJob(name, random));

        var replicaCreate = ReplicaCreateBackup.Decide(inputs);
        await ActAsync(cluster, Expected(subject.Uid, jobs, replicaCreate.Action), replicaCreate.Event is { } started ? [started] : [], subject, cancellationToken).ConfigureAwait(false);

        var annotation = cluster.Metadata.Annotations is { } annotations && annotations.TryGetValue(Annotations.PgBackRestBackup, out var value) ? value : null;
        var manual = ManualBackup.Decide(inputs with { Repos = replicaCreate.Repos }, annotation,
            liveStatus?["pgbackrest"]?["manualBackup"] as JsonObject, replicaCreate.ReplicaCreateReady);
        await ActAsync(cluster, Expected(subject.Uid, jobs, manual.Action), manual.Events, subject, cancellationToken).ConfigureAwait(false);

        var conditions = replicaCreate.Conditions.ToList();
        if (manual.Condition is { } condition)
        {
            conditions.Add(condition);
        }

        return new BackupJobsResult(replicaCreate.Repos, manual.Status, conditions);
    }

    /// <summary>Drops what the step remembers of a cluster that is being deleted (its last Warning, its expected Jobs).</summary>
    public void Forget(string uid)
    {
        _lastWarning.TryRemove(uid, out _);
        foreach (var key in _expected.Keys.Where(key => key.Uid == uid))
        {
            _expected.TryRemove(key, out _);
        }
    }

    private async Task ActAsync(IvoryCluster cluster, BackupJobAction? action, IReadOnlyList<BackupEvent> reported, EventSubject subject, CancellationToken cancellationToken)
    {
        var ns = cluster.Metadata.NamespaceProperty;
        switch (action)
        {
            case BackupJobAction.Create create:
                var configuration = JsonNode.Parse(KubernetesJson.Serialize(create.Job))!.AsObject();
                await applier.ApplyAsync(OwnedKinds.Job.Resource, configuration, live: null, cancellationToken).ConfigureAwait(false);
                var backupType = create.Job.Metadata.Labels[Labels.PgBackRestBackup];
                _expected[(subject.Uid, backupType)] = (create.Job.Metadata.Name, time.GetUtcNow());
                LogJob(logger, "Created", ns, create.Job.Metadata.Name);
                var repo = create.Job.Metadata.Labels[Labels.PgBackRestRepo];
                await (backupType == Labels.BackupManual
                    ? events.NormalAsync(subject, "ManualBackupStarted",
                        $"Started manual backup \"{create.Job.Metadata.Annotations[Annotations.PgBackRestBackup]}\" to {repo} (Job {create.Job.Metadata.Name})", cancellationToken)
                    : events.NormalAsync(subject, "ReplicaCreateBackupStarted", $"Started the replica-create backup to {repo} (Job {create.Job.Metadata.Name})", cancellationToken))
                    .ConfigureAwait(false);
                break;
            case BackupJobAction.Delete delete:
                // Background: the Job's pods go with it (a Job's own default would orphan them).
                await client.DeleteAsync(OwnedKinds.Job.Resource, ns, delete.Name, cancellationToken, uid: delete.Uid, propagationPolicy: "Background").ConfigureAwait(false);
                LogJob(logger, "Deleted", ns, delete.Name);
                break;
        }

        foreach (var backupEvent in reported)
        {
            if (!backupEvent.Warning)
            {
                await events.NormalAsync(subject, backupEvent.Reason, backupEvent.Message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WarnOnceAsync(subject, backupEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a backup Warning unless it is the last one recorded for the cluster: a repeated event is a write.</summary>
    public async Task WarnOnceAsync(EventSubject subject, BackupEvent warning, CancellationToken cancellationToken)
    {
        if (_lastWarning.GetValueOrDefault(subject.Uid) != warning.Reason + ": " + warning.Message)
        {
            _lastWarning[subject.Uid] = warning.Reason + ": " + warning.Message;
            await events.WarningAsync(subject, warning.Reason, warning.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <paramref name="action"/>, unless it creates a Job while one this step created of the same kind is not in the
    /// cache yet (nor a minute old); then nothing. An expected Job that the cache holds is expected no more.
    /// </summary>
    private BackupJobAction? Expected(string uid, IReadOnlyList<JsonObject> jobs, BackupJobAction? action)
    {
        foreach (var (key, expected) in _expected.Where(pair => pair.Key.Uid == uid))
        {
            if (jobs.Any(job => Metadata.Name(job) == expected.Name) || time.GetUtcNow() - expected.Created >= s_expectationLifetime)
            {
                _expected.TryRemove(key, out _);
            }
        }

        return action is BackupJobAction.Create create && _expected.ContainsKey((uid, create.Job.Metadata.Labels[Labels.PgBackRestBackup])) ? null : action;
    }

    private static (List<JsonObject> Kept, List<JsonObject> Others) Partition(IEnumerable<JsonObject> jobs, Func<JsonObject, bool> keep)
    {
        var groups = jobs.ToLookup(keep);
        return ([.. groups[true]], [.. groups[false]]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outcome} backup Job {Namespace}/{Name}")]
    private static partial void LogJob(ILogger logger, string outcome, string? @namespace, string name);
}
