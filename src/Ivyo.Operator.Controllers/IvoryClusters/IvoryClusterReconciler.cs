using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Certificates;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Controllers.Apply;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.Instances;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Controllers.PgBackRest;
using Ivyo.Operator.Controllers.Postgres;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Images;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// Reconciles one IvoryCluster: reads what exists from the informers' caches, builds the desired state
/// (<see cref="DesiredStateBuilder"/>), applies what differs, removes what is no longer wanted, and reports status and
/// events. Everything it reads comes from the caches, so a reconcile of a converged cluster sends no request at all.
/// </summary>
public sealed partial class IvoryClusterReconciler(
    ClusterInformers informers,
    ResourceClient client,
    EventRecorder events,
    IPodExecutor executor,
    IvoryClusterReconcilerOptions options,
    ILogger<IvoryClusterReconciler> logger) : IReconciler
{
    private static readonly ResourceType s_clusters = new(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, true);

    private readonly ObjectApplier _applier = new(client, options.FieldManager);
    private readonly ClusterDeletion _deletion = new(client);
    private readonly IRandomSource _random = new SecureRandomSource();
    private readonly PatroniConfigurationSync _configuration = new(executor, events, logger);
    private readonly SwitchoverStep _switchover = new(executor, events, logger);
    private readonly PostgresUsersStep _users = new(executor, events, logger);
    private readonly StanzaCreateStep _stanzas = new(executor, events, logger);
    private readonly InstanceRollout _rollout = new(client, executor, events, logger);
    private readonly StaleLeaderLease _staleLease = new(client, events, informers.Renewals, logger);
    private readonly BackupJobsStep _backups = new(client, new ObjectApplier(client, options.FieldManager), events, new SecureRandomSource(), options.Time, logger);
    private InPlaceRestoreStep? _restore;

    private InPlaceRestoreStep Restore => _restore ??= new(client, new ObjectApplier(client, options.FieldManager), events, _backups, logger);

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (informers.Clusters.Cache.Get(key) is not { } json)
        {
            return ReconcileResult.Done;
        }

        var cluster = Informer<IvoryCluster>.Convert(json);
        var liveStatus = json["status"] as JsonObject;
        var snapshot = new ClusterSnapshot(informers, cluster);
        var now = options.Time.GetUtcNow();

        if (cluster.Metadata.DeletionTimestamp is not null)
        {
            _backups.Forget(cluster.Metadata.Uid ?? "");
            return await _deletion.StepAsync(cluster, snapshot, cancellationToken).ConfigureAwait(false);
        }

        await _deletion.EnsureFinalizerAsync(cluster, cancellationToken).ConfigureAwait(false);

        if (cluster.Spec.Paused == true)
        {
            await WriteStatusAsync(cluster, liveStatus, ClusterStatus.Paused(cluster, liveStatus, now), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        TimeSpan? leaseCheck = null;
        if (informers.Nodes is { } nodes)
        {
            // First, as it decides how soon writes resume after a fenced primary node.
            leaseCheck = await _staleLease.RunAsync(snapshot, cluster, node => nodes.Cache.Get(node), Subject(cluster), cancellationToken).ConfigureAwait(false);
        }

        IvoryClusterDefaults.Apply(cluster);
        var pods = snapshot.Pods;
        var defaultImages = DefaultImages.FromEnvironment(cluster.Spec.PostgresVersion, options.Environment);
        // An in-place restore, when one is asked for, decides which instances run and which starts first.
        var restore = InPlaceRestoreStep.Plan(cluster, snapshot, liveStatus, cluster.Spec.Image ?? defaultImages.IvorySql ?? "");
        var (startup, startupSet) = restore.Startup is { } restoreStartup
            ? restoreStartup
            : StartupInstance.Next(cluster, pods, (string?)liveStatus?["startupInstance"], (string?)liveStatus?["startupInstanceSet"]);
        cluster.Status ??= new IvoryClusterStatus();
        cluster.Status.StartupInstance = startup;
        cluster.Status.StartupInstanceSet = startupSet;
        using var rootCa = RootAuthority(snapshot, now);
        var inputs = new ClusterInputs
        {
            Cluster = cluster,
            ExistingInstances = InstanceInventory.Keep(cluster, snapshot),
            InstancePods = pods.Count(pod => InstancePods.Instance(pod) is not null),
            ExistingSecrets = snapshot.Secrets(),
            HaClusterIp = snapshot.HaClusterIp(),
            InstancesHeld = restore.HoldInstances,
            Images = options.Images,
            DefaultImages = defaultImages,
            RootCa = rootCa,
            Random = _random,
            Now = now,
        };

        DesiredState.DesiredState desired;
        try
        {
            desired = DesiredStateBuilder.Build(inputs);
        }
        catch (InvalidOperationException e)
        {
            // Only the operator can tell (the schema could not): leave the running cluster as it is, and say why.
            await events.WarningAsync(Subject(cluster), "InvalidSpec", e.Message, cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(cluster, liveStatus, ClusterStatus.Invalid(cluster, liveStatus, e.Message, now), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var failures = new List<Exception>();
        var wanted = new HashSet<(string Kind, string Name)>();
        foreach (var item in Ordered(desired.Objects))
        {
            var kind = OwnedKinds.Of(item.Kind);
            wanted.Add((kind.Kind, item.Metadata.Name));
            var configuration = JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();
            var live = snapshot.Get(kind, item.Metadata.Name);
            if (item is V1CronJob && ScheduledBackupGate.Decide(liveStatus, ScheduledBackupGate.RepoOf(item.Metadata) ?? "") is { Apply: false } gate)
            {
                if (gate.Event is { } blocked)
                {
                    await _backups.WarnOnceAsync(Subject(cluster), blocked, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (item.Metadata.Name == Names.RootCertSecret)
            {
                KeepOtherOwners(configuration, live);
            }

            try
            {
                var outcome = await _applier.ApplyAsync(kind.Resource, configuration, live, cancellationToken).ConfigureAwait(false);
                if (outcome != ApplyOutcome.Unchanged)
                {
                    LogApplied(logger, outcome, item.Kind, cluster.Metadata.NamespaceProperty, item.Metadata.Name);
                    await events.NormalAsync(Subject(cluster), outcome.ToString(), $"{outcome} {item.Kind} {item.Metadata.Name}", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ApiStatusException e)
            {
                failures.Add(e);
                await events.WarningAsync(Subject(cluster), "ApplyFailed", $"{item.Kind} {item.Metadata.Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
            }
        }

        var instances = desired.Instances.Select(instance => instance.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, obj) in Pruning.Unwanted(snapshot, wanted, instances).ToList())
        {
            var name = Metadata.Name(obj);
            if (await client.DeleteAsync(kind.Resource, cluster.Metadata.NamespaceProperty, name, cancellationToken, uid: Metadata.Uid(obj)).ConfigureAwait(false))
            {
                LogApplied(logger, "Deleted", kind.Kind, cluster.Metadata.NamespaceProperty, name);
                await events.NormalAsync(Subject(cluster), "Deleted", $"Deleted {kind.Kind} {name}", cancellationToken).ConfigureAwait(false);
            }
        }

        await Restore.ActAsync(cluster, restore, Subject(cluster), cancellationToken).ConfigureAwait(false);
        // While a restore owns the cluster, nothing runs inside it until the restored primary is back.
        var running = restore.InProgress
            ? RestoringState(liveStatus, restore)
            : await RunningClusterStepsAsync(cluster, snapshot, desired, liveStatus, inputs.DefaultImages.PgBackRest, failures, cancellationToken).ConfigureAwait(false);

        await WriteStatusAsync(cluster, liveStatus, ClusterStatus.Observed(cluster, snapshot, liveStatus, running, now), cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} object(s) of IvoryCluster {key} could not be applied", failures);
        }

        // A lease held on an out-of-service node, renewed too recently to be called stale: look again when it would be.
        return leaseCheck is { } again ? ReconcileResult.After(again) : ReconcileResult.Done;
    }

    /// <summary>
    /// What is done inside the running cluster rather than through the API: Patroni's dynamic configuration (and
    /// restarts it needs), a requested switchover, the users and databases in PostgreSQL, the pgBackRest stanza, and
    /// the backup Jobs (replica-create and manual) that follow it. Each step that fails
    /// adds to <paramref name="failures"/> (the reconcile is retried with back-off) without stopping the others.
    /// </summary>
    private async Task<RunningClusterState> RunningClusterStepsAsync(IvoryCluster cluster, ClusterSnapshot snapshot, DesiredState.DesiredState desired,
        JsonObject? liveStatus, string? defaultPgBackRestImage, List<Exception> failures, CancellationToken cancellationToken)
    {
        var switchover = new SwitchoverStatus((string?)liveStatus?["patroni"]?["switchover"], (long?)liveStatus?["patroni"]?["switchoverTimeline"]);
        var state = new RunningClusterState(null, switchover, (string?)liveStatus?["usersRevision"], liveStatus?["pgbackrest"]?["repos"] as JsonArray);
        if (cluster.Spec.Shutdown == true)
        {
            return state;
        }

        var subject = Subject(cluster);
        try
        {
            state = state with
            {
                PatroniConfiguration = await _configuration.SyncAsync(cluster, snapshot, desired.PatroniDynamicConfiguration, subject, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (PodExecException e)
        {
            failures.Add(e);
            state = state with { PatroniConfiguration = new StatusCondition(PatroniConfigurationSync.ConditionType, false, "ApplyFailed", e.Message) };
        }

        try
        {
            state = state with { Switchover = await _switchover.RunAsync(cluster, snapshot, switchover, subject, cancellationToken).ConfigureAwait(false) };
        }
        catch (Exception e) when (e is PodExecException or InvalidOperationException)
        {
            failures.Add(e);
        }

        // Pods are rolled only in a pass that changed nothing else in the running cluster: a switchover or restart
        // just done is not yet in the cache this pass reads, and its events bring the next pass.
        if (state.Switchover == switchover && state.PatroniConfiguration is not { Reason: "Applying" or "RestartPending" })
        {
            try
            {
                await _rollout.RunAsync(cluster, snapshot, subject, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PodExecException or ApiStatusException)
            {
                failures.Add(e);
            }
        }

        try
        {
            state = state with
            {
                UsersRevision = await _users.RunAsync(cluster, snapshot, desired.Objects.OfType<V1Secret>(), state.UsersRevision, subject, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (PodExecException e)
        {
            failures.Add(e);
        }

        // A repository volume that was replaced (its claim made again, empty) needs its stanza and backup again.
        state = state with { Repos = RepoVolumeStatus.Update(cluster, state.Repos, snapshot.Controlled(OwnedKinds.PersistentVolumeClaim)) };
        try
        {
            state = state with { Repos = await _stanzas.RunAsync(cluster, snapshot, state.Repos, subject, cancellationToken).ConfigureAwait(false) };
        }
        catch (PodExecException e)
        {
            failures.Add(e);
        }

        try
        {
            var backups = await _backups.RunAsync(cluster, snapshot, state.Repos, liveStatus, defaultPgBackRestImage, subject, cancellationToken).ConfigureAwait(false);
            state = state with { Repos = backups.Repos, ManualBackup = backups.ManualBackup, BackupConditions = backups.Conditions };
        }
        catch (ApiStatusException e)
        {
            failures.Add(e);
        }

        return state;
    }

    /// <summary>
    /// The status a pass of an in-place restore reports: the restore's progress and conditions; once the cluster is
    /// no longer bootstrapped, no repository has its stanza or replica-create backup (both are made again).
    /// </summary>
    private static RunningClusterState RestoringState(JsonObject? liveStatus, RestorePlan restore) => new(
        null,
        new SwitchoverStatus((string?)liveStatus?["patroni"]?["switchover"], (long?)liveStatus?["patroni"]?["switchoverTimeline"]),
        (string?)liveStatus?["usersRevision"],
        restore.Reset ? [] : liveStatus?["pgbackrest"]?["repos"] as JsonArray,
        BackupConditions: restore.Conditions,
        Restore: restore.Status,
        BootstrapReset: restore.Reset);

    /// <summary>The namespace's root CA from its Secret while that is good; otherwise a new one (which the apply stores).</summary>
    private static RootCertificateAuthority RootAuthority(ClusterSnapshot snapshot, DateTimeOffset now)
    {
        var data = snapshot.Get<V1Secret>(OwnedKinds.Secret, Names.RootCertSecret)?.Data;
        if (data is not null && data.TryGetValue(CertificateSecrets.RootCertificateKey, out var certificate)
            && data.TryGetValue(CertificateSecrets.RootPrivateKeyKey, out var key))
        {
            try
            {
                var stored = RootCertificateAuthority.FromPem(System.Text.Encoding.UTF8.GetString(certificate), System.Text.Encoding.UTF8.GetString(key));
                if (stored.IsValidAt(now))
                {
                    return stored;
                }

                stored.Dispose();
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                // Not a usable authority: replaced below.
            }
        }

        return RootCertificateAuthority.Create(now);
    }

    /// <summary>
    /// The root CA Secret is shared by the namespace's clusters, each with an owner reference; every cluster applies
    /// the whole list (ordered by UID, so that the configuration is stable), its own included.
    /// </summary>
    private static void KeepOtherOwners(JsonObject configuration, JsonObject? live)
    {
        var mine = configuration["metadata"]!["ownerReferences"]!.AsArray();
        var owners = (live?["metadata"]?["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(owner => (string?)owner["kind"] == IvoryCluster.KindName)
            .Concat(mine.OfType<JsonObject>())
            .GroupBy(owner => (string?)owner["uid"])
            .Select(group => group.Last().DeepClone())
            .OrderBy(owner => (string?)owner["uid"], StringComparer.Ordinal);
        configuration["metadata"]!["ownerReferences"] = new JsonArray([.. owners]);
    }

    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> Ordered(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var order = OwnedKinds.All.Select((kind, index) => (kind.Kind, index)).ToDictionary(pair => pair.Kind, pair => pair.index);
        return objects.OrderBy(item => order.GetValueOrDefault(item.Kind, order.Count));
    }

    /// <summary>
    /// Writes the status fields that changed, only onto the version of the cluster they were computed from: parts of
    /// the status (the repositories', the restore's) are read, changed and written back, so a write based on a stale
    /// read must not undo a newer one. A conflict drops the write; the newer version's watch event brings another pass.
    /// </summary>
    private async Task WriteStatusAsync(IvoryCluster cluster, JsonObject? liveStatus, JsonObject update, CancellationToken cancellationToken)
    {
        if (!ClusterStatus.Changes(liveStatus, update))
        {
            return;
        }

        try
        {
            await client.MergePatchAsync(s_clusters, cluster.Metadata.NamespaceProperty, cluster.Metadata.Name,
                new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = cluster.Metadata.ResourceVersion }, ["status"] = update },
                cancellationToken, subresource: "status").ConfigureAwait(false);
        }
        catch (ApiStatusException e) when (e.Code == 409)
        {
            LogStaleStatus(logger, cluster.Metadata.NamespaceProperty, cluster.Metadata.Name, cluster.Metadata.ResourceVersion);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status of {Namespace}/{Name} not written: computed from version {ResourceVersion}, which has since changed")]
    private static partial void LogStaleStatus(ILogger logger, string? @namespace, string name, string? resourceVersion);

    private static EventSubject Subject(IvoryCluster cluster) => new(
        IvoryCluster.GroupVersion, IvoryCluster.KindName, cluster.Metadata.NamespaceProperty ?? "", cluster.Metadata.Name, cluster.Metadata.Uid ?? "", cluster.Metadata.ResourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outcome} {Kind} {Namespace}/{Name}")]
    private static partial void LogApplied(ILogger logger, object outcome, string kind, string? @namespace, string name);
}
