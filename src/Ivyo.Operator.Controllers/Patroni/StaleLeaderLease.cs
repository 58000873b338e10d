using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Naming;
using k8s.Models;
using Microsoft.Extensions.Logging;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>
/// Releases Patroni's leader lease early when its holder is known to be dead: the lease names a pod whose node carries
/// <c>node.kubernetes.io/out-of-service</c>, and the lease has missed a renewal (not renewed for
/// <c>syncPeriodSeconds</c> + 2 s, as this operator saw it; Patroni's leader renews it every <c>loop_wait</c>). The
/// taint is Kubernetes' own statement, made by an administrator or a fencing agent for a non-graceful node shutdown,
/// that the node is powered off or fenced; the missed renewal shows that the holder's Patroni has indeed stopped.
/// Without this, the replicas wait for the lease to expire (<c>leaderLeaseDurationSeconds</c>, 30 s by default).
/// </summary>
/// <remarks>
/// The release is what Patroni's own <c>delete_leader</c> writes: the <c>leader</c> annotation removed and the
/// Endpoints' addresses emptied, guarded by the resourceVersion the decision was made on, so a lease renewed or taken
/// in between is left alone (409). The replicas watch that object and start their leader race at once. A partition
/// or a node that is merely NotReady is never enough: its primary may still be running, and only the lease's expiry,
/// which Patroni on that primary also honours by demoting itself, is safe then. (The node's Ready condition is no
/// help either way: after a power cut it stays True for the node monitor's grace period, 40 s, longer than the lease.)
/// </remarks>
internal sealed partial class StaleLeaderLease(ResourceClient client, EventRecorder events, LeaderRenewals renewals, ILogger logger)
{
    public const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";
    private static readonly ResourceType s_endpoints = new("", "v1", "endpoints", true);
    private static readonly TimeSpan s_renewalSlack = TimeSpan.FromSeconds(2);

    /// <summary>Whether a node is declared out of service (<c>node.kubernetes.io/out-of-service</c>, any effect).</summary>
    public static bool IsOutOfService(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).Any(taint => (string?)taint?["key"] == OutOfServiceTaint);

    /// <summary>The leader Endpoints and the pod it names, when that pod's node is out of service; null otherwise.</summary>
    public static (JsonObject Leader, V1Pod Pod)? OnOutOfServiceNode(ClusterSnapshot snapshot, string cluster, Func<string, JsonObject?> node)
    {
        var leader = snapshot.PatroniEndpoints().FirstOrDefault(e => Metadata.Name(e) == Names.PatroniLeaderEndpoints(cluster));
        if ((string?)leader?["metadata"]?["annotations"]?["leader"] is not { Length: > 0 } holder)
        {
            return null;
        }

        var pod = snapshot.Pods.FirstOrDefault(pod => pod.Metadata.Name == holder);
        return pod?.Spec?.NodeName is { Length: > 0 } nodeName && node(nodeName) is { } found && IsOutOfService(found) ? (leader!, pod) : null;
    }

    /// <summary>
    /// Releases the lease when it is held on an out-of-service node and has missed a renewal; returns when to look
    /// again when it is held there but was renewed too recently, else null.
    /// </summary>
    public async Task<TimeSpan?> RunAsync(ClusterSnapshot snapshot, IvoryCluster cluster, Func<string, JsonObject?> node, EventSubject subject, CancellationToken cancellationToken)
    {
        if (OnOutOfServiceNode(snapshot, cluster.Metadata.Name, node) is not var (leader, pod))
        {
            return null;
        }

        var quiet = renewals.SinceRenewal(leader);
        var missed = TimeSpan.FromSeconds(cluster.Spec.Patroni?.SyncPeriodSeconds ?? 10) + s_renewalSlack;
        if (quiet < missed)
        {
            return missed - quiet;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = Metadata.ResourceVersion(leader),
                ["annotations"] = new JsonObject { ["leader"] = null },
            },
            ["subsets"] = new JsonArray(),
        };
        try
        {
            await client.MergePatchAsync(s_endpoints, Metadata.Namespace(leader), Metadata.Name(leader), patch, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiStatusException e) when (e.Code is 404 or 409)
        {
            // Renewed, taken or gone since the cache saw it: the lease is no longer the stale one.
            return null;
        }

        LogReleased(logger, subject.Namespace, cluster.Metadata.Name, pod.Metadata.Name, pod.Spec.NodeName);
        await events.WarningAsync(subject, "LeaderLeaseReleased",
            $"Released Patroni's leader lease held by {pod.Metadata.Name}: its node {pod.Spec.NodeName} is out of service ({OutOfServiceTaint}) " +
            $"and the lease was not renewed for {quiet.TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} s",
            cancellationToken).ConfigureAwait(false);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released the leader lease of {Namespace}/{Cluster} held by {Pod} on the fenced node {Node}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string cluster, string pod, string node);
}
