using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using k8s.Models;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>
/// Keeps Patroni's dynamic configuration (the <c>config</c> annotation of the <c>&lt;c&gt;-ha-config</c> Endpoints)
/// equal to what <c>spec.patroni.dynamicConfiguration</c> and IVYO's settings make it, once the cluster has
/// bootstrapped (before that, <c>bootstrap.dcs</c> in the Patroni configuration seeds it). ivory-operator replaces the
/// configuration with <c>patronictl edit-config</c> on every reconcile; IVYO compares first, so a converged cluster
/// costs nothing, and a change made behind its back (another <c>patronictl edit-config</c>) is reverted as soon as
/// Patroni writes it. Settings that need a restart are then applied by restarting the members that report
/// <c>pending_restart</c>: replicas first, the primary last, one member per pass.
/// </summary>
internal sealed partial class PatroniConfigurationSync(IPodExecutor executor, EventRecorder events, ILogger logger)
{
    public const string ConditionType = "PatroniConfigurationApplied";

    /// <summary>Applies <paramref name="desired"/> if Patroni holds something else; the condition to report, if any.</summary>
    public async Task<StatusCondition?> SyncAsync(IvoryCluster cluster, ClusterSnapshot snapshot, JsonObject desired, EventSubject subject, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name;
        var config = snapshot.PatroniEndpoints().FirstOrDefault(e => Metadata.Name(e) == Names.PatroniDistributedConfiguration(name));
        var annotations = config?["metadata"]?["annotations"];
        if ((string?)annotations?["initialize"] is null)
        {
            // Not bootstrapped: bootstrap.dcs is what Patroni starts from.
            return null;
        }

        if (!JsonSemantics.Same(Parse((string?)annotations?["config"]), desired))
        {
            if (InstancePods.Running(snapshot.Pods).FirstOrDefault() is not { } pod)
            {
                return new StatusCondition(ConditionType, false, "NoRunningInstance",
                    "spec.patroni.dynamicConfiguration differs from Patroni's; no instance runs Patroni to apply it.");
            }

            var result = await executor.ExecAsync(cluster.Metadata.NamespaceProperty, pod.Metadata.Name, Names.ContainerDatabase,
                PatroniCommands.ReplaceConfiguration(desired), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var message = $"patronictl edit-config in {pod.Metadata.Name} failed with {result.Describe()}";
                await events.WarningAsync(subject, "PatroniConfigurationFailed", message, cancellationToken).ConfigureAwait(false);
                throw new PodExecException(message);
            }

            LogApplied(logger, cluster.Metadata.NamespaceProperty, name, pod.Metadata.Name);
            await events.NormalAsync(subject, "PatroniConfigurationApplied",
                $"Applied spec.patroni.dynamicConfiguration to Patroni (patronictl edit-config in {pod.Metadata.Name})", cancellationToken).ConfigureAwait(false);
            return new StatusCondition(ConditionType, false, "Applying", "Patroni's dynamic configuration was replaced; waiting for Patroni to report it.");
        }

        if (await RestartPendingAsync(cluster, snapshot, subject, cancellationToken).ConfigureAwait(false) is { } restarting)
        {
            return new StatusCondition(ConditionType, false, "RestartPending", $"Restarting {restarting} to apply settings that need a restart.");
        }

        return new StatusCondition(ConditionType, true, "Applied", "Patroni's dynamic configuration matches the spec.");
    }

    /// <summary>Restarts one member that waits for a restart, a replica before the primary; the member's name, or null.</summary>
    private async Task<string?> RestartPendingAsync(IvoryCluster cluster, ClusterSnapshot snapshot, EventSubject subject, CancellationToken cancellationToken)
    {
        var running = InstancePods.Running(snapshot.Pods);
        var pending = running.Where(InstancePods.PendingRestart).OrderBy(pod => InstancePods.IsPrimary(pod) ? 1 : 0).FirstOrDefault();
        if (pending is null)
        {
            return null;
        }

        var result = await executor.ExecAsync(cluster.Metadata.NamespaceProperty, pending.Metadata.Name, Names.ContainerDatabase,
            PatroniCommands.RestartPending(Names.PatroniScope(cluster.Metadata.Name), pending.Metadata.Name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var message = $"patronictl restart of {pending.Metadata.Name} failed with {result.Describe()}";
            await events.WarningAsync(subject, "RestartFailed", message, cancellationToken).ConfigureAwait(false);
            throw new PodExecException(message);
        }

        await events.NormalAsync(subject, "RestartedPendingInstance",
            $"Restarted {pending.Metadata.Name} ({(InstancePods.IsPrimary(pending) ? "primary" : "replica")}) to apply settings that need a restart", cancellationToken).ConfigureAwait(false);
        return pending.Metadata.Name;
    }

    private static JsonNode? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced Patroni's dynamic configuration of {Namespace}/{Cluster} through {Pod}")]
    private static partial void LogApplied(ILogger logger, string? @namespace, string cluster, string pod);
}
