using Ivyo.LocalCluster.Scheduler.Framework;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// The selector kube-scheduler's system-default spreading counts pods with (<c>helper.DefaultSelector</c>): the labels
/// of every Service in the pod's namespace that selects it, merged, plus the selector of the pod's controlling
/// ReplicationController, ReplicaSet or StatefulSet. Empty when the pod belongs to none of them.
/// </summary>
public static class DefaultSpreadSelector
{
    public static LabelSelector For(V1Pod pod, ClusterSnapshot snapshot)
    {
        var @namespace = pod.Metadata?.NamespaceProperty ?? "default";
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in snapshot.Services)
        {
            if (service.Metadata?.NamespaceProperty != @namespace || service.Spec?.Selector is not { } selector)
            {
                continue;
            }

            if (selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value))
            {
                foreach (var (key, value) in selector)
                {
                    set[key] = value;
                }
            }
        }

        var owner = pod.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner is null)
        {
            return LabelSelector.FromSet(set);
        }

        bool Same(V1ObjectMeta? meta) => meta?.NamespaceProperty == @namespace && meta.Name == owner.Name;
        switch (owner.ApiVersion, owner.Kind)
        {
            case ("v1", "ReplicationController"):
                if (snapshot.ReplicationControllers.FirstOrDefault(rc => Same(rc.Metadata)) is { Spec.Selector: { } rcSelector })
                {
                    foreach (var (key, value) in rcSelector)
                    {
                        set[key] = value;
                    }
                }

                return LabelSelector.FromSet(set);
            case ("apps/v1", "ReplicaSet"):
                return WithOwner(set, snapshot.ReplicaSets.FirstOrDefault(rs => Same(rs.Metadata))?.Spec?.Selector);
            case ("apps/v1", "StatefulSet"):
                return WithOwner(set, snapshot.StatefulSets.FirstOrDefault(ss => Same(ss.Metadata))?.Spec?.Selector);
            default:
                return LabelSelector.FromSet(set);
        }
    }

    private static LabelSelector WithOwner(Dictionary<string, string> set, V1LabelSelector? ownerSelector)
    {
        var selector = LabelSelector.FromSet(set);
        var other = LabelSelector.From(ownerSelector);
        return other.MatchesNothing ? selector : selector.With(other.Requirements);
    }
}
