using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.Operator.Naming;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// The instances a cluster has, per instance set: those with a StatefulSet, and those whose StatefulSet is gone but
/// whose data volume is still there (so a deleted StatefulSet comes back with its name and its data). When a set has
/// more instances than <c>replicas</c>, the extra ones are dropped here — never the primary, newest first — and the
/// pruner then removes their objects.
/// </summary>
internal static class InstanceInventory
{
    /// <summary>The instances to keep, per set, oldest first.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Keep(IvoryCluster cluster, ClusterSnapshot snapshot)
    {
        var found = new Dictionary<string, Dictionary<string, DateTimeOffset>>(StringComparer.Ordinal);
        void Add(JsonObject obj)
        {
            if (Metadata.Label(obj, Labels.InstanceSet) is not { } set || Metadata.Label(obj, Labels.Instance) is not { } instance
                || obj["metadata"]?["deletionTimestamp"] is not null)
            {
                return;
            }

            var created = DateTimeOffset.TryParse((string?)obj["metadata"]?["creationTimestamp"], System.Globalization.CultureInfo.InvariantCulture, out var time)
                ? time
                : DateTimeOffset.MaxValue;
            var instances = found.TryGetValue(set, out var existing) ? existing : found[set] = new(StringComparer.Ordinal);
            instances[instance] = instances.TryGetValue(instance, out var seen) && seen < created ? seen : created;
        }

        foreach (var statefulSet in snapshot.Controlled(OwnedKinds.StatefulSet))
        {
            Add(statefulSet);
        }

        foreach (var claim in snapshot.Controlled(OwnedKinds.PersistentVolumeClaim))
        {
            if (Metadata.Label(claim, Labels.Role) == Labels.RoleIvoryData)
            {
                Add(claim);
            }
        }

        var primaries = snapshot.Pods
            .Where(pod => Labels.IsPrimaryRole(ClusterSnapshot.Label(pod, Labels.Role)))
            .Select(pod => ClusterSnapshot.Label(pod, Labels.Instance))
            .ToHashSet(StringComparer.Ordinal);

        var keep = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var set in cluster.Spec.Instances)
        {
            var setName = set.Name ?? "";
            if (!found.TryGetValue(setName, out var instances))
            {
                continue;
            }

            var replicas = set.Replicas ?? 1;
            keep[setName] = [.. instances
                .OrderByDescending(pair => primaries.Contains(pair.Key))
                .ThenBy(pair => pair.Value)
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Take(replicas)
                .Select(pair => pair.Key)];
        }

        return keep;
    }
}
