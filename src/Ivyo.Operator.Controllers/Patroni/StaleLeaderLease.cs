using System.Text.Json.Nodes;
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
/// <c>node.kubernetes.io/out-of-service</c> and is not Ready. That taint is Kubernetes' own statement, made by an
/// administrator or a fencing agent for a non-graceful node shutdown, that the node is powered off or fenced, so its
/// PostgreSQL can no longer accept writes. Without this, the replicas wait for the lease to expire
/// (<c>leaderLeaseDurationSeconds</c>, 30 s by default) before one of them promotes.
/// </summary>
/// <remarks>
/// The release is what Patroni's own <c>delete_leader</c> writes: the <c>leader</c> annotation removed and the
/// Endpoints' addresses emptied, guarded by the resourceVersion the decision was made on, so a lease renewed or taken
/// in between is left alone (409). The replicas watch that object and start their leader race at once. A partition
/// or a node that is merely NotReady is never enough: its primary may still be running, and only the lease's expiry,
/// which Patroni on that primary also honours by demoting itself, is safe then.
/// </remarks>
internal sealed partial class StaleLeaderLease(ResourceClient client, EventRecorder events, ILogger logger)
{
    public const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";
    private static readonly ResourceType s_endpoints = new("", "v1", "endpoints", true);

    /// <summary>Whether a node is fenced: the out-of-service taint, and not Ready (as the pod GC also requires).</summary>
    public static bool IsFenced(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).Any(taint => (string?)taint?["key"] == OutOfServiceTaint)
        && !(node["status"]?["conditions"] as JsonArray ?? []).Any(condition => (string?)condition?["type"] == "Ready" && (string?)condition?["status"] == "True");

    /// <summary>The leader Endpoints and the pod it names, when that pod's node is fenced; null otherwise.</summary>
    public static (JsonObject Leader, V1Pod Pod)? Stale(ClusterSnapshot snapshot, string cluster, Func<string, JsonObject?> node)
    {
        var leader = snapshot.PatroniEndpoints().FirstOrDefault(e => Metadata.Name(e) == Names.PatroniLeaderEndpoints(cluster));
        if ((string?)leader?["metadata"]?["annotations"]?["leader"] is not { Length: > 0 } holder)
        {
            return null;
        }

        var pod = snapshot.Pods.FirstOrDefault(pod => pod.Metadata.Name == holder);
        return pod?.Spec?.NodeName is { Length: > 0 } nodeName && node(nodeName) is { } found && IsFenced(found) ? (leader!, pod) : null;
    }

    /// <summary>Releases the lease when <see cref="Stale"/> finds it held by a fenced node's pod; true when released.</summary>
    public async Task<bool> RunAsync(ClusterSnapshot snapshot, string cluster, Func<string, JsonObject?> node, EventSubject subject, CancellationToken cancellationToken)
    {
        if (Stale(snapshot, cluster, node) is not var (leader, pod))
        {
            return false;
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
            return false;
        }

        LogReleased(logger, subject.Namespace, cluster, pod.Metadata.Name, pod.Spec.NodeName);
        await events.WarningAsync(subject, "LeaderLeaseReleased",
            $"Released Patroni's leader lease held by {pod.Metadata.Name}: its node {pod.Spec.NodeName} is out of service ({OutOfServiceTaint}) and not Ready",
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released the leader lease of {Namespace}/{Cluster} held by {Pod} on the fenced node {Node}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string cluster, string pod, string node);
}
