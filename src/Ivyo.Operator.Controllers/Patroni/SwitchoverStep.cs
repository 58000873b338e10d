using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>What the status says of switchovers: the trigger value last acted on, and the timeline a pending one started from.</summary>
public sealed record SwitchoverStatus(string? Switchover, long? Timeline);

/// <summary>
/// A switchover or failover asked for with <c>spec.patroni.switchover</c> and the
/// <c>ivory-operator.ivorysql.org/trigger-switchover</c> annotation, with ivory-operator's bookkeeping: a new
/// trigger value first records the leader's timeline in <c>status.patroni.switchoverTimeline</c>; the next pass runs
/// <c>patronictl switchover</c> (or <c>failover</c>) and records the trigger in <c>status.patroni.switchover</c>. A
/// pass that finds the timeline moved on since it was recorded knows the switchover happened even if its status
/// was never written, so a trigger value causes at most one switchover.
/// </summary>
internal sealed partial class SwitchoverStep(IPodExecutor executor, EventRecorder events, ILogger logger)
{
    // The trigger each cluster (by UID) last switched over for. The status records it too, but the next pass may read
    // the cluster from a cache that has not seen that status yet, while Patroni still reports the old timeline.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _done = new(StringComparer.Ordinal);

    /// <summary>The switchover status after this pass; throws when the request cannot be carried out.</summary>
    public async Task<SwitchoverStatus> RunAsync(IvoryCluster cluster, ClusterSnapshot snapshot, SwitchoverStatus current, EventSubject subject, CancellationToken cancellationToken)
    {
        var spec = cluster.Spec.Patroni?.Switchover;
        if (spec is not { Enabled: true })
        {
            return new SwitchoverStatus(null, null);
        }

        var trigger = InstancePods.Value(cluster.Metadata.Annotations, Annotations.PatroniSwitchover);
        if (string.IsNullOrEmpty(trigger) || current.Switchover == trigger)
        {
            return current with { Timeline = null };
        }

        if (_done.TryGetValue(cluster.Metadata.Uid ?? "", out var done) && done == trigger)
        {
            return new SwitchoverStatus(trigger, null);
        }

        var failover = spec.Type == "Failover";
        var pods = snapshot.Pods.Where(pod => InstancePods.Instance(pod) is not null).ToList();
        string? candidate = null;
        if (failover && spec.TargetInstance is null)
        {
            throw await RefuseAsync(subject, "spec.patroni.switchover.targetInstance is required when type is Failover", cancellationToken).ConfigureAwait(false);
        }

        if (spec.TargetInstance is { } target)
        {
            var targetPods = pods.Where(pod => InstancePods.Instance(pod) == target).ToList();
            if (!snapshot.InstanceNames().Contains(target))
            {
                throw await RefuseAsync(subject, $"spec.patroni.switchover.targetInstance {target} is not an instance of the cluster", cancellationToken).ConfigureAwait(false);
            }

            if (targetPods.Count != 1)
            {
                throw await RefuseAsync(subject, $"the target instance {target} should have one pod; it has {targetPods.Count}", cancellationToken).ConfigureAwait(false);
            }

            candidate = targetPods[0].Metadata.Name;
            if (!failover && InstancePods.IsPrimary(targetPods[0]))
            {
                // Nothing to do; patronictl would refuse a switchover to the leader.
                await events.NormalAsync(subject, "Switchover", $"{target} is already the primary; trigger {trigger} needs no switchover", cancellationToken).ConfigureAwait(false);
                return new SwitchoverStatus(trigger, null);
            }
        }
        else if (snapshot.InstanceNames().Count < 2)
        {
            throw await RefuseAsync(subject, "a switchover needs more than one instance", cancellationToken).ConfigureAwait(false);
        }

        if (InstancePods.Running(pods).FirstOrDefault() is not { } pod)
        {
            throw await RefuseAsync(subject, "no instance runs Patroni to switch over with", cancellationToken).ConfigureAwait(false);
        }

        var ns = cluster.Metadata.NamespaceProperty;
        var list = await executor.ExecAsync(ns, pod.Metadata.Name, Names.ContainerDatabase, PatroniCommands.ListMembers(), cancellationToken).ConfigureAwait(false);
        var timeline = list.Succeeded ? PatroniCommands.LeaderTimeline(list.Output) : 0;
        if (timeline == 0)
        {
            throw new PodExecException($"could not read the leader's timeline from patronictl list in {pod.Metadata.Name}: {list.Describe()}");
        }

        if (current.Timeline is not ({ } recorded and not 0))
        {
            // The first pass for this trigger: remember where it starts; the status write brings the next pass.
            return current with { Timeline = timeline };
        }

        if (recorded != timeline)
        {
            // The leader changed since: the switchover happened, its status was not yet written.
            return new SwitchoverStatus(trigger, null);
        }

        var command = failover ? PatroniCommands.Failover(candidate!) : PatroniCommands.Switchover(candidate);
        var result = await executor.ExecAsync(ns, pod.Metadata.Name, Names.ContainerDatabase, command, cancellationToken).ConfigureAwait(false);
        var succeeded = result.Succeeded && (failover ? PatroniCommands.FailedOver(result.Output) : PatroniCommands.SwitchedOver(result.Output));
        var what = failover ? "failover" : "switchover";
        var outcome = PatroniCommands.Outcome(result.Output);
        if (!succeeded)
        {
            var message = $"patronictl {what} failed (exit code {result.ExitCode}): {outcome}";
            await events.WarningAsync(subject, "SwitchoverFailed", message, cancellationToken).ConfigureAwait(false);
            throw new PodExecException(message);
        }

        _done[cluster.Metadata.Uid ?? ""] = trigger;
        LogSwitchedOver(logger, what, ns, cluster.Metadata.Name, trigger, outcome);
        await events.NormalAsync(subject, failover ? "Failover" : "Switchover", $"Patroni {what} for trigger {trigger}: {outcome}", cancellationToken).ConfigureAwait(false);
        return new SwitchoverStatus(trigger, null);
    }

    private async Task<Exception> RefuseAsync(EventSubject subject, string message, CancellationToken cancellationToken)
    {
        await events.WarningAsync(subject, "SwitchoverRefused", message, cancellationToken).ConfigureAwait(false);
        return new InvalidOperationException(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Patroni {What} of {Namespace}/{Cluster} for trigger {Trigger}: {Output}")]
    private static partial void LogSwitchedOver(ILogger logger, string what, string? @namespace, string cluster, string trigger, string output);
}
