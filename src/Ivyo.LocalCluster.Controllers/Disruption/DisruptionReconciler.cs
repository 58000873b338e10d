using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Disruption;

/// <summary>
/// pkg/controller/disruption's <c>trySync</c>: a PodDisruptionBudget's status from the pods its selector matches.
/// With <c>maxUnavailable</c> or a percentage <c>minAvailable</c>, expectedPods is the summed scale of the pods'
/// controllers (a ReplicaSet owned by a Deployment counts as the Deployment; StatefulSets, ReplicaSets, Deployments and
/// ReplicationControllers are understood; pods without a controller are ignored) and the value is scaled rounding up;
/// with an integer <c>minAvailable</c>, expectedPods is the number of pods. currentHealthy counts Ready pods that are
/// not being deleted and not in <c>disruptedPods</c>; disruptionsAllowed = currentHealthy − desiredHealthy (0 when
/// negative or when no pods are expected). disruptedPods entries are pruned once their pod is gone or deleting, or
/// after 2 minutes (the eviction's DeletionTimeout). The DisruptionAllowed condition is True/SufficientPods,
/// False/InsufficientPods, or False/SyncFailed when the scale cannot be found (then nothing may be disrupted).
/// </summary>
internal sealed class DisruptionReconciler(ControllerContext context) : IReconciler
{
    private static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var pdb = context.Informers.PodDisruptionBudgets.Get(key);
        if (pdb is null || pdb.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var now = context.Time.GetUtcNow();
        var pods = context.Informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, pdb.Metadata.NamespaceProperty)
            .Where(p => LabelSelectors.Matches(pdb.Spec.Selector, p.Metadata.Labels)).ToList();
        var status = new V1PodDisruptionBudgetStatus { ObservedGeneration = pdb.Metadata.Generation };
        TimeSpan? recheck = null;
        try
        {
            var (expected, desired) = await DesiredAsync(pdb, pods, cancellationToken).ConfigureAwait(false);
            var disrupted = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
            foreach (var entry in pdb.Status?.DisruptedPods ?? new Dictionary<string, DateTime?>())
            {
                var (name, time) = (entry.Key, entry.Value ?? DateTime.MinValue);
                var pod = pods.FirstOrDefault(p => p.Metadata.Name == name);
                if (pod is null || pod.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }

                var expiry = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) + DeletionTimeout;
                if (expiry <= now)
                {
                    continue;
                }

                disrupted[name] = time;
                recheck = recheck is { } r && r < expiry - now ? r : expiry - now;
            }

            var healthy = pods.Count(p => p.Metadata.DeletionTimestamp is null && !disrupted.ContainsKey(p.Metadata.Name) && PodStates.IsReady(p));
            var allowed = healthy - desired;
            if (expected <= 0 || allowed <= 0)
            {
                allowed = 0;
            }

            status.ExpectedPods = expected;
            status.DesiredHealthy = desired;
            status.CurrentHealthy = healthy;
            status.DisruptionsAllowed = allowed;
            status.DisruptedPods = disrupted.Count > 0 ? disrupted : null;
            status.Conditions = [Condition(pdb, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods", "", now)];
        }
        catch (ScaleNotFoundException e)
        {
            // failSafe: nothing may be disrupted while the budget cannot be computed.
            status.ExpectedPods = pdb.Status?.ExpectedPods ?? 0;
            status.DesiredHealthy = pdb.Status?.DesiredHealthy ?? 0;
            status.CurrentHealthy = pdb.Status?.CurrentHealthy ?? 0;
            status.DisruptionsAllowed = 0;
            status.DisruptedPods = pdb.Status?.DisruptedPods;
            status.Conditions = [Condition(pdb, "False", "SyncFailed", e.Message, now)];
        }

        if (pdb.Status is null || KubernetesJson.Serialize(status) != KubernetesJson.Serialize(pdb.Status))
        {
            pdb.Status = status;
            await Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(pdb, pdb.Metadata.Name, pdb.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        return recheck is { } delay ? ReconcileResult.After(delay + TimeSpan.FromMilliseconds(100)) : ReconcileResult.Done;
    }

    /// <summary>expectedPods and desiredHealthy (<c>getExpectedPodCount</c>).</summary>
    private async Task<(int Expected, int Desired)> DesiredAsync(V1PodDisruptionBudget pdb, List<V1Pod> pods, CancellationToken cancellationToken)
    {
        if (pdb.Spec.MaxUnavailable is { } maxUnavailable)
        {
            var expected = await ExpectedScaleAsync(pods, cancellationToken).ConfigureAwait(false);
            var unavailable = ScaledValues.Get(maxUnavailable, expected, roundUp: true);
            return (expected, Math.Max(0, expected - unavailable));
        }

        if (pdb.Spec.MinAvailable is { } minAvailable)
        {
            if (!ScaledValues.IsPercent(minAvailable))
            {
                return (pods.Count, ScaledValues.Get(minAvailable, 0, roundUp: true));
            }

            var expected = await ExpectedScaleAsync(pods, cancellationToken).ConfigureAwait(false);
            return (expected, ScaledValues.Get(minAvailable, expected, roundUp: true));
        }

        return (pods.Count, 0);
    }

    /// <summary>The summed scale of the pods' controllers, each counted once (<c>getExpectedScale</c>).</summary>
    private async Task<int> ExpectedScaleAsync(List<V1Pod> pods, CancellationToken cancellationToken)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (OwnerReferences.Controller(pod.Metadata) is not { } owner)
            {
                continue;
            }

            var (uid, scale) = await ScaleOfAsync(pod.Metadata.NamespaceProperty, owner, cancellationToken).ConfigureAwait(false);
            scales[uid] = scale;
        }

        return scales.Values.Sum();
    }

    private async Task<(string Uid, int Scale)> ScaleOfAsync(string ns, V1OwnerReference owner, CancellationToken cancellationToken)
    {
        var group = owner.ApiVersion.Contains('/', StringComparison.Ordinal) ? owner.ApiVersion[..owner.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        try
        {
            switch (group, owner.Kind)
            {
                case ("apps", "StatefulSet"):
                    var set = await Client.AppsV1.ReadNamespacedStatefulSetAsync(owner.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return Checked(owner, set.Metadata, set.Spec.Replicas ?? 1);
                case ("apps", "ReplicaSet"):
                    var rs = await Client.AppsV1.ReadNamespacedReplicaSetAsync(owner.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (OwnerReferences.Controller(rs.Metadata) is { Kind: "Deployment" } deploymentRef && rs.Metadata.Uid == owner.Uid)
                    {
                        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync(deploymentRef.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                        return Checked(deploymentRef, deployment.Metadata, deployment.Spec.Replicas ?? 1);
                    }

                    return Checked(owner, rs.Metadata, rs.Spec.Replicas ?? 1);
                case ("", "ReplicationController"):
                    var rc = await Client.CoreV1.ReadNamespacedReplicationControllerAsync(owner.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return Checked(owner, rc.Metadata, rc.Spec.Replicas ?? 1);
                default:
                    throw new ScaleNotFoundException($"found no controller of kind {owner.Kind} with a known scale for its pods");
            }
        }
        catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            throw new ScaleNotFoundException($"the controller {owner.Kind}/{owner.Name} was not found");
        }
    }

    private static (string, int) Checked(V1OwnerReference owner, V1ObjectMeta meta, int scale) =>
        meta.Uid == owner.Uid ? (meta.Uid, scale) : throw new ScaleNotFoundException($"the controller {owner.Kind}/{owner.Name} has another UID");

    private static V1Condition Condition(V1PodDisruptionBudget pdb, string status, string reason, string message, DateTimeOffset now)
    {
        var previous = pdb.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        return new V1Condition
        {
            Type = "DisruptionAllowed",
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = pdb.Metadata.Generation,
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime : now.UtcDateTime,
        };
    }
}
