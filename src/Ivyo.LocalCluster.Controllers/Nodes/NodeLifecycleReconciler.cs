using System.Collections.Concurrent;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Nodes;

/// <summary>
/// pkg/controller/nodelifecycle's <c>monitorNodeHealth</c> with the taint-based eviction of the taint-eviction
/// controller: a node whose Lease (<c>kube-node-lease/&lt;node&gt;</c>) and Ready heartbeat have not changed for the
/// grace period — measured on this controller's clock from when a change was last observed (at first sight, from the
/// Lease's renewTime) — gets every condition
/// Unknown (reason NodeStatusUnknown); a node Ready=Unknown is tainted <c>node.kubernetes.io/unreachable</c> NoSchedule
/// and NoExecute, Ready=False <c>node.kubernetes.io/not-ready</c>, Ready=True neither (so the taints go when the node
/// agent, which renews its Lease and posts Ready with the same heartbeat, comes back). Pods on a NoExecute-tainted node
/// are deleted at once when a taint is not tolerated, else when the shortest matching <c>tolerationSeconds</c> since the
/// taint's timeAdded has passed (never without tolerationSeconds). Deletion is graceful, as in Kubernetes.
/// </summary>
internal sealed class NodeLifecycleReconciler(ControllerContext context) : IReconciler
{
    private static readonly TimeSpan s_podGcPeriod = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, (string Heartbeat, DateTimeOffset ProbeTime)> _health = new(StringComparer.Ordinal);

    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var node = context.Informers.Nodes.Get(key);
        if (node is null)
        {
            _health.TryRemove(key, out _);
            return ReconcileResult.Done;
        }

        var now = context.Time.GetUtcNow();
        var lease = context.Informers.NodeLeases.Get("kube-node-lease/" + key);
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var heartbeat = $"{lease?.Spec?.RenewTime:O}|{ready?.LastHeartbeatTime:O}|{ready?.Status}";
        // First seen: the Lease's renewTime counts as the last probe (if it is not in the future), so a restarted
        // controller does not grant a dead node a fresh grace period.
        var renewed = lease?.Spec?.RenewTime is { } renewTime ? new DateTimeOffset(DateTime.SpecifyKind(renewTime, DateTimeKind.Utc)) : now;
        var health = _health.AddOrUpdate(key, _ => (heartbeat, renewed < now ? renewed : now), (_, old) => old.Heartbeat == heartbeat ? old : (heartbeat, now));
        var grace = context.Options.NodeMonitorGracePeriod;
        if (now - health.ProbeTime > grace && ready?.Status != "Unknown")
        {
            node = await MarkUnknownAsync(node, now, cancellationToken).ConfigureAwait(false);
            ready = node.Status.Conditions.First(c => c.Type == "Ready");
        }

        node = await UpdateTaintsAsync(node, ready?.Status, now, cancellationToken).ConfigureAwait(false);
        var wait = await EvictAsync(node, now, cancellationToken).ConfigureAwait(false);
        if (await ForceDeleteOutOfServiceAsync(node, ready?.Status, cancellationToken).ConfigureAwait(false))
        {
            wait = wait is { } sooner && sooner < s_podGcPeriod ? sooner : s_podGcPeriod;
        }

        return wait is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    private async Task<V1Node> MarkUnknownAsync(V1Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        node.Status ??= new V1NodeStatus();
        var conditions = node.Status.Conditions ?? [];
        if (!conditions.Any(c => c.Type == "Ready"))
        {
            conditions.Add(new V1NodeCondition { Type = "Ready", Status = "Unknown", Reason = "NodeStatusNeverUpdated", Message = "Kubelet never posted node status.", LastTransitionTime = now.UtcDateTime, LastHeartbeatTime = now.UtcDateTime });
        }

        foreach (var condition in conditions.Where(c => c.Status != "Unknown"))
        {
            condition.Status = "Unknown";
            condition.Reason = "NodeStatusUnknown";
            condition.Message = "Kubelet stopped posting node status.";
            condition.LastTransitionTime = now.UtcDateTime;
        }

        node.Status.Conditions = conditions;
        return await Client.CoreV1.ReplaceNodeStatusAsync(node, node.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<V1Node> UpdateTaintsAsync(V1Node node, string? ready, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wantedKey = ready switch { "Unknown" => Taints.Unreachable, "False" => Taints.NotReady, _ => null };
        var taints = node.Spec?.Taints?.ToList() ?? [];
        var kept = taints.Where(t => t.Key is not (Taints.Unreachable or Taints.NotReady) || t.Key == wantedKey).ToList();
        if (wantedKey is not null)
        {
            foreach (var effect in new[] { "NoSchedule", "NoExecute" })
            {
                if (!kept.Any(t => t.Key == wantedKey && t.Effect == effect))
                {
                    kept.Add(new V1Taint { Key = wantedKey, Effect = effect, TimeAdded = effect == "NoExecute" ? now.UtcDateTime : null });
                }
            }
        }

        if (kept.Count == taints.Count && kept.All(taints.Contains))
        {
            return node;
        }

        node.Spec ??= new V1NodeSpec();
        node.Spec.Taints = kept;
        return await Client.CoreV1.ReplaceNodeAsync(node, node.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pod GC's <c>gcTerminating</c> (non-graceful node shutdown): on a node that is not Ready and carries
    /// <c>node.kubernetes.io/out-of-service</c>, terminating pods are deleted at once (grace period 0), as no kubelet
    /// will ever finish them; their controllers can then replace them. The pod GC looks every 20 s; true while pods are
    /// left on such a node (the taint's own eviction makes them terminating), so that this runs again then.
    /// </summary>
    private async Task<bool> ForceDeleteOutOfServiceAsync(V1Node node, string? ready, CancellationToken cancellationToken)
    {
        if (ready == "True" || node.Spec?.Taints?.Any(t => t.Key == Taints.OutOfService) != true)
        {
            return false;
        }

        var left = false;
        foreach (var pod in context.Informers.Pods.ByIndex(SharedInformers.NodeNameIndex, node.Metadata.Name))
        {
            if (!PodStates.IsTerminating(pod))
            {
                left = true;
                continue;
            }

            await ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return left;
    }

    /// <summary>Deletes the pods whose tolerations have run out; returns when the next one runs out.</summary>
    private async Task<TimeSpan?> EvictAsync(V1Node node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var noExecute = node.Spec?.Taints?.Where(t => t.Effect == "NoExecute").ToList() ?? [];
        if (noExecute.Count == 0)
        {
            return null;
        }

        TimeSpan? next = null;
        foreach (var pod in context.Informers.Pods.ByIndex(SharedInformers.NodeNameIndex, node.Metadata.Name))
        {
            if (PodStates.IsTerminating(pod))
            {
                continue;
            }

            DateTimeOffset? evictAt = DateTimeOffset.MinValue;
            var forever = true;
            foreach (var taint in noExecute)
            {
                var matching = (pod.Spec.Tolerations ?? []).Where(t => Taints.Tolerates(t, taint)).ToList();
                if (matching.Count == 0)
                {
                    forever = false;
                    evictAt = now;
                    break;
                }

                if (matching.Min(t => t.TolerationSeconds) is { } seconds)
                {
                    forever = false;
                    var added = taint.TimeAdded is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : now;
                    var at = added.AddSeconds(Math.Max(0, seconds));
                    evictAt = evictAt == DateTimeOffset.MinValue || at < evictAt ? at : evictAt;
                }
            }

            if (forever || evictAt is not { } deadline)
            {
                continue;
            }

            if (deadline <= now)
            {
                await ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            else if (next is null || deadline - now < next)
            {
                next = deadline - now;
            }
        }

        return next;
    }
}
