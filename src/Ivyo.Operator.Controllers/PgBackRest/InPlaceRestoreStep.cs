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

/// <summary>
/// Reads what an in-place restore needs from the caches, lets <see cref="InPlaceRestore"/> decide, and carries out
/// its deletions and the Job's creation. Its Warnings go through <paramref name="backups"/>, recorded once.
/// </summary>
internal sealed partial class InPlaceRestoreStep(ResourceClient client, ObjectApplier applier, EventRecorder events, BackupJobsStep backups, ILogger logger)
{
    /// <summary>What the restore decides for this pass (nothing is written yet).</summary>
    public static RestorePlan Plan(IvoryCluster cluster, ClusterSnapshot snapshot, JsonObject? liveStatus, string image)
    {
        var restoreJob = snapshot.Controlled(OwnedKinds.Job)
            .FirstOrDefault(job => Metadata.Label(job, Labels.PgBackRestRestore) is not null && job["metadata"]?["deletionTimestamp"] is null);
        var instanceSets = snapshot.Controlled(OwnedKinds.StatefulSet).Where(set => Metadata.Label(set, Labels.Instance) is not null).ToList();
        var instancePods = snapshot.Pods.Where(pod => InstancePods.Instance(pod) is not null).ToList();
        return InPlaceRestore.Decide(cluster, liveStatus, instancePods, instanceSets, snapshot.PatroniEndpoints(), restoreJob, image);
    }

    /// <summary>Deletes and creates what <paramref name="plan"/> asks for, and records its events.</summary>
    public async Task ActAsync(IvoryCluster cluster, RestorePlan plan, EventSubject subject, CancellationToken cancellationToken)
    {
        var ns = cluster.Metadata.NamespaceProperty;
        foreach (var action in plan.Actions)
        {
            switch (action)
            {
                case RestoreAction.Delete delete:
                    // Background: a Job's pods go with it.
                    if (await client.DeleteAsync(delete.Kind.Resource, ns, delete.Name, cancellationToken, uid: delete.Uid, propagationPolicy: "Background").ConfigureAwait(false))
                    {
                        LogRestore(logger, "Deleted " + delete.Kind.Kind, ns, delete.Name);
                    }

                    break;
                case RestoreAction.Create create:
                    var configuration = JsonNode.Parse(KubernetesJson.Serialize(create.Job))!.AsObject();
                    await applier.ApplyAsync(OwnedKinds.Job.Resource, configuration, live: null, cancellationToken).ConfigureAwait(false);
                    LogRestore(logger, "Created Job", ns, create.Job.Metadata.Name);
                    break;
            }
        }

        foreach (var restoreEvent in plan.Events)
        {
            await (restoreEvent.Warning
                ? backups.WarnOnceAsync(subject, restoreEvent, cancellationToken)
                : events.NormalAsync(subject, restoreEvent.Reason, restoreEvent.Message, cancellationToken)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "In-place restore: {Action} {Namespace}/{Name}")]
    private static partial void LogRestore(ILogger logger, string action, string? @namespace, string name);
}
