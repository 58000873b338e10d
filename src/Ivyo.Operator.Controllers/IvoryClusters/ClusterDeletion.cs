using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.Operator.Naming;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// Deleting an IvoryCluster, behind IVYO's finalizer, as ivory-operator does: stop the replicas, then the primary (so
/// that no replica is promoted while the primary shuts down and the last WAL is archived), then remove Patroni's DCS
/// Endpoints (which Patroni, not IVYO, created, so the garbage collector would not), then release the finalizer. The
/// garbage collector removes everything the cluster owns.
/// </summary>
internal sealed class ClusterDeletion(ResourceClient client)
{
    /// <summary>IVYO's finalizer on IvoryClusters.</summary>
    public const string Finalizer = "ivory-operator.ivorysql.org/finalizer";

    private static readonly ResourceType s_clusters = new(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.Plural, true);

    /// <summary>Adds the finalizer unless the cluster has it.</summary>
    public async Task EnsureFinalizerAsync(IvoryCluster cluster, CancellationToken cancellationToken)
    {
        var finalizers = cluster.Metadata.Finalizers ?? [];
        if (finalizers.Contains(Finalizer))
        {
            return;
        }

        await PatchFinalizersAsync(cluster, [.. finalizers, Finalizer], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One step of the deletion; returns when to look again, or done once the finalizer is released.</summary>
    public async Task<ReconcileResult> StepAsync(IvoryCluster cluster, ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        var finalizers = cluster.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(Finalizer))
        {
            return ReconcileResult.Done;
        }

        var instancePods = snapshot.Pods.Where(pod => pod.Metadata.Labels?.ContainsKey(Labels.Instance) == true).ToList();
        var primaryInstances = instancePods
            .Where(pod => Labels.IsPrimaryRole(ClusterSnapshot.Label(pod, Labels.Role)))
            .Select(pod => pod.Metadata.Labels![Labels.Instance])
            .ToHashSet(StringComparer.Ordinal);
        var replicasRunning = instancePods.Any(pod => !primaryInstances.Contains(pod.Metadata.Labels![Labels.Instance]));

        foreach (var statefulSet in snapshot.Controlled(OwnedKinds.StatefulSet))
        {
            if (Metadata.Label(statefulSet, Labels.Instance) is not { } instance || ((int?)statefulSet["spec"]?["replicas"] ?? 1) == 0)
            {
                continue;
            }

            // Replicas first; the primary once no replica runs.
            if (!primaryInstances.Contains(instance) || !replicasRunning)
            {
                await client.MergePatchAsync(OwnedKinds.StatefulSet.Resource, cluster.Metadata.NamespaceProperty, Metadata.Name(statefulSet),
                    new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 } }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (instancePods.Count > 0)
        {
            // Pod deletions enqueue the cluster; the delay is only a safety net.
            return ReconcileResult.After(TimeSpan.FromSeconds(5));
        }

        foreach (var endpoints in snapshot.PatroniEndpoints())
        {
            await client.DeleteAsync(OwnedKinds.Endpoints.Resource, cluster.Metadata.NamespaceProperty, Metadata.Name(endpoints), cancellationToken,
                uid: Metadata.Uid(endpoints)).ConfigureAwait(false);
        }

        await PatchFinalizersAsync(cluster, [.. finalizers.Where(f => f != Finalizer)], cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>Replaces the finalizer list, only if the cluster is still at the version read (else 409, and the reconcile is retried).</summary>
    private Task PatchFinalizersAsync(IvoryCluster cluster, IReadOnlyList<string> finalizers, CancellationToken cancellationToken) =>
        client.MergePatchAsync(s_clusters, cluster.Metadata.NamespaceProperty, cluster.Metadata.Name, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = cluster.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)f)]),
            },
        }, cancellationToken);
}
