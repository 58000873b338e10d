using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using k8s.Models;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.Instances;

/// <summary>
/// Rolls instance pods onto their StatefulSet's current template. Instance StatefulSets use the <c>OnDelete</c>
/// strategy, so a template change (resources, images, configuration mounts) reaches a pod only when IVYO deletes it:
/// replicas first, one at a time, then a Patroni switchover away from the primary, then the old primary
/// (<see cref="RolloutPlan"/>). A single instance is checkpointed before its pod is deleted, so that its fast
/// shutdown is quick. Each pass does what is safe now; pod and StatefulSet events bring the next pass.
/// </summary>
internal sealed partial class InstanceRollout(ResourceClient client, IPodExecutor executor, EventRecorder events, ILogger logger)
{
    private const string RevisionLabel = "controller-revision-hash";

    /// <summary>Redeploys what is safe to redeploy now.</summary>
    public async Task RunAsync(IvoryCluster cluster, ClusterSnapshot snapshot, EventSubject subject, CancellationToken cancellationToken)
    {
        var instances = Observe(cluster, snapshot);
        var specified = cluster.Spec.Instances.Sum(set => set.Replicas ?? 1);
        foreach (var action in RolloutPlan.Next(instances, specified))
        {
            switch (action)
            {
                case SwitchoverFirst switchover:
                    await SwitchoverAsync(cluster, switchover, subject, cancellationToken).ConfigureAwait(false);
                    break;
                case DeletePod delete:
                    await DeleteAsync(cluster, delete.Target, single: instances.Count(i => !i.Terminating) < 2, subject, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The instances of the spec's sets that have exactly one pod, with what the rollout needs to know of them.</summary>
    internal static IReadOnlyList<RolloutInstance> Observe(IvoryCluster cluster, ClusterSnapshot snapshot)
    {
        var sets = cluster.Spec.Instances.Select(set => set.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var pods = snapshot.Pods
            .Where(pod => InstancePods.Instance(pod) is not null)
            .GroupBy(pod => InstancePods.Instance(pod)!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);

        var result = new List<RolloutInstance>();
        foreach (var statefulSet in snapshot.Controlled(OwnedKinds.StatefulSet))
        {
            if (Metadata.Label(statefulSet, Labels.Instance) is not { } instance || !sets.Contains(Metadata.Label(statefulSet, Labels.InstanceSet) ?? "")
                || !pods.TryGetValue(instance, out var instancePods))
            {
                continue;
            }

            var pod = instancePods[0];
            result.Add(new RolloutInstance(
                instance,
                pod.Metadata.Name,
                pod.Metadata.Uid ?? "",
                Primary: InstancePods.IsPrimary(pod),
                Available: InstancePods.IsReady(pod),
                Terminating: instancePods.Count != 1 || pod.Metadata.DeletionTimestamp is not null,
                Outdated: Outdated(statefulSet, pod)));
        }

        return result;
    }

    /// <summary>
    /// Whether <paramref name="pod"/> runs an older template than its StatefulSet (its revision is not the update
    /// revision); null until the StatefulSet controller has observed the current generation.
    /// </summary>
    internal static bool? Outdated(JsonObject statefulSet, V1Pod pod)
    {
        var generation = (long?)statefulSet["metadata"]?["generation"] ?? 0;
        var observed = (long?)statefulSet["status"]?["observedGeneration"] ?? 0;
        var update = (string?)statefulSet["status"]?["updateRevision"];
        var revision = InstancePods.Value(pod.Metadata.Labels, RevisionLabel);
        if (observed < generation || string.IsNullOrEmpty(update) || string.IsNullOrEmpty(revision))
        {
            return null;
        }

        return revision != update;
    }

    private async Task SwitchoverAsync(IvoryCluster cluster, SwitchoverFirst action, EventSubject subject, CancellationToken cancellationToken)
    {
        var ns = cluster.Metadata.NamespaceProperty;
        var primary = action.Target.Pod;
        await events.NormalAsync(subject, "RolloutSwitchover",
            $"Switching over from {primary}{(action.Candidate is null ? "" : " to " + action.Candidate)} to roll it onto its new template", cancellationToken).ConfigureAwait(false);
        var result = await executor.ExecAsync(ns, primary, Names.ContainerDatabase, PatroniCommands.Switchover(action.Candidate), cancellationToken).ConfigureAwait(false);
        var outcome = PatroniCommands.Outcome(result.Output);
        if (!result.Succeeded || !PatroniCommands.SwitchedOver(result.Output))
        {
            var message = $"switchover away from {primary} before its rollout failed (exit code {result.ExitCode}): {(outcome.Length > 0 ? outcome : result.Error.Trim())}";
            await events.WarningAsync(subject, "RolloutSwitchoverFailed", message, cancellationToken).ConfigureAwait(false);
            throw new PodExecException(message);
        }

        LogSwitchedOver(logger, ns, primary, outcome);
    }

    private async Task DeleteAsync(IvoryCluster cluster, RolloutInstance target, bool single, EventSubject subject, CancellationToken cancellationToken)
    {
        var ns = cluster.Metadata.NamespaceProperty;
        if (target.Primary && single)
        {
            await CheckpointAsync(ns ?? "", target.Pod, subject, cancellationToken).ConfigureAwait(false);
        }

        if (await client.DeleteAsync(OwnedKinds.Pods, ns, target.Pod, cancellationToken, uid: target.PodUid).ConfigureAwait(false))
        {
            LogRedeployed(logger, ns, target.Pod, target.Primary ? "primary" : "replica");
            await events.NormalAsync(subject, "RolloutInstance",
                $"Deleted pod {target.Pod} ({(target.Primary ? "primary" : "replica")}) so that its StatefulSet recreates it from the new template", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An immediate CHECKPOINT before the only instance stops, as ivory-operator does: the fast shutdown then has
    /// little to flush before the grace period ends. A failure is reported and the rollout goes on.
    /// </summary>
    private async Task CheckpointAsync(string ns, string pod, EventSubject subject, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            var result = await executor.ExecAsync(ns, pod, Names.ContainerDatabase,
                ["psql", "-Xw", "--quiet", "--no-psqlrc", "--dbname=postgres", "--set=ON_ERROR_STOP=1", "--command=SET statement_timeout = '30s'; CHECKPOINT;"],
                cancellationToken).ConfigureAwait(false);
            failure = result.Succeeded ? null : result.Describe();
        }
        catch (PodExecException e)
        {
            failure = e.Message;
        }

        if (failure is not null)
        {
            await events.WarningAsync(subject, "NoCheckpoint", $"Unable to checkpoint {pod} before its rollout: {failure}", cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Switched over away from {Namespace}/{Pod} to roll it: {Outcome}")]
    private static partial void LogSwitchedOver(ILogger logger, string? @namespace, string pod, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Namespace}/{Pod} ({Role}) to roll it onto its new template")]
    private static partial void LogRedeployed(ILogger logger, string? @namespace, string pod, string role);
}
