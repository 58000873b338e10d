using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Matching;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's PodTopologySpread plugin. Filter (DoNotSchedule constraints): a node without a constraint's
/// topology key is rejected with <c>node(s) didn't match pod topology spread constraints (missing required label)</c>
/// (unresolvable); otherwise, counting matching pods per domain over the nodes that carry every constraint's key and
/// pass its inclusion policies, placing the pod must keep <c>count + self - globalMinimum &lt;= maxSkew</c>, where the
/// global minimum is 0 while there are fewer domains than minDomains (<c>node(s) didn't match pod topology spread
/// constraints</c>). Score (ScheduleAnyway constraints): each node gets <c>count * log(domains + 2) + maxSkew - 1</c> per
/// constraint, fewer is better, normalized to [0, 100]. A pod with no constraints at all gets the system defaults —
/// hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway — over the pods selected like it by its Services and
/// controller (<see cref="DefaultSpreadSelector"/>), and then nodes missing a key are not excluded from scoring.
/// </summary>
public sealed class PodTopologySpread : IFilterPlugin, IScorePlugin
{
    public const string ConstraintsReason = "node(s) didn't match pod topology spread constraints";

    public const string MissingLabelReason = ConstraintsReason + " (missing required label)";

    public string Name => "PodTopologySpread";

    /// <summary>The constraints of the pod for an action, or the system defaults with the default selector when it has none.</summary>
    public static IReadOnlyList<SpreadConstraint> Constraints(V1Pod pod, ClusterSnapshot snapshot, string action)
    {
        if (pod.Spec?.TopologySpreadConstraints is { Count: > 0 })
        {
            return SpreadConstraint.FromPod(pod, action);
        }

        if (action != "ScheduleAnyway")
        {
            return [];
        }

        var selector = DefaultSpreadSelector.For(pod, snapshot);
        return selector.IsEmpty
            ? []
            :
            [
                new SpreadConstraint(3, SpreadConstraint.HostnameKey, selector, 1, HonorNodeAffinity: true, HonorNodeTaints: false),
                new SpreadConstraint(5, SpreadConstraint.ZoneKey, selector, 1, HonorNodeAffinity: true, HonorNodeTaints: false),
            ];
    }

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var constraints = Constraints(cycle.Pod, cycle.Snapshot, "DoNotSchedule");
        if (constraints.Count == 0)
        {
            return PreFilterResult.Skip;
        }

        var affinity = new RequiredNodeAffinity(cycle.Pod);
        var tolerations = cycle.Pod.Spec?.Tolerations;
        var counts = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToList();
        foreach (var node in cycle.Nodes)
        {
            if (!constraints.All(c => node.Labels.ContainsKey(c.TopologyKey)))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.Includes(node.Node, affinity, tolerations))
                {
                    continue;
                }

                var value = node.Labels[constraint.TopologyKey];
                counts[i][value] = counts[i].GetValueOrDefault(value) + constraint.CountMatching(node.Pods, cycle.Namespace);
            }
        }

        var minimums = counts.Select(c => c.Count == 0 ? int.MaxValue : c.Values.Min()).ToList();
        var podLabels = cycle.PodLabels;
        return PreFilterResult.With(node =>
        {
            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!node.Labels.TryGetValue(constraint.TopologyKey, out var value))
                {
                    return FilterStatus.Unresolvable(MissingLabelReason);
                }

                long minimum = counts[i].Count < constraint.MinDomains ? 0 : minimums[i];
                var self = constraint.Selector.Matches(podLabels) ? 1 : 0;
                var skew = counts[i].GetValueOrDefault(value) + self - minimum;
                if (skew > constraint.MaxSkew)
                {
                    return FilterStatus.Unschedulable(ConstraintsReason);
                }
            }

            return null;
        });
    }

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        if (feasibleNodes.Count == 0 || cycle.Nodes.Count == 0)
        {
            return null;
        }

        var constraints = Constraints(cycle.Pod, cycle.Snapshot, "ScheduleAnyway");
        if (constraints.Count == 0)
        {
            return null;
        }

        var requireAllTopologies = cycle.Pod.Spec?.TopologySpreadConstraints is { Count: > 0 };
        bool HasAllKeys(NodeInfo node) => constraints.All(c => node.Labels.ContainsKey(c.TopologyKey));
        var ignored = feasibleNodes.Where(n => requireAllTopologies && !HasAllKeys(n)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var counts = constraints.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToList();
        foreach (var node in feasibleNodes.Where(n => !ignored.Contains(n.Name)))
        {
            for (var i = 0; i < constraints.Count; i++)
            {
                if (constraints[i].TopologyKey != SpreadConstraint.HostnameKey)
                {
                    counts[i].TryAdd(node.Label(constraints[i].TopologyKey), 0);
                }
            }
        }

        var weights = constraints.Select((c, i) => Math.Log((c.TopologyKey == SpreadConstraint.HostnameKey ? feasibleNodes.Count - ignored.Count : counts[i].Count) + 2)).ToList();
        var affinity = new RequiredNodeAffinity(cycle.Pod);
        var tolerations = cycle.Pod.Spec?.Tolerations;
        foreach (var node in cycle.Nodes)
        {
            if (requireAllTopologies && !HasAllKeys(node))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.Includes(node.Node, affinity, tolerations))
                {
                    continue;
                }

                var value = node.Label(constraint.TopologyKey);
                if (counts[i].TryGetValue(value, out var count))
                {
                    counts[i][value] = count + constraint.CountMatching(node.Pods, cycle.Namespace);
                }
            }
        }

        return new NodeScorer(
            node =>
            {
                if (ignored.Contains(node.Name))
                {
                    return 0;
                }

                double score = 0;
                for (var i = 0; i < constraints.Count; i++)
                {
                    var constraint = constraints[i];
                    if (node.Labels.TryGetValue(constraint.TopologyKey, out var value))
                    {
                        var count = constraint.TopologyKey == SpreadConstraint.HostnameKey
                            ? constraint.CountMatching(node.Pods, cycle.Namespace)
                            : counts[i].GetValueOrDefault(value);
                        score += (count * weights[i]) + constraint.MaxSkew - 1;
                    }
                }

                return (long)Math.Round(score, MidpointRounding.AwayFromZero);
            },
            scores => Normalize(scores, ignored));
    }

    private static IReadOnlyList<NodeScore> Normalize(IReadOnlyList<NodeScore> scores, HashSet<string> ignored)
    {
        var considered = scores.Where(s => !ignored.Contains(s.NodeName)).ToList();
        var min = considered.Count == 0 ? 0 : considered.Min(s => s.Score);
        var max = considered.Count == 0 ? 0 : Math.Max(0, considered.Max(s => s.Score));
        return scores.Select(s => s with
        {
            Score = ignored.Contains(s.NodeName) ? 0 : max == 0 ? ScoreLimits.MaxNodeScore : ScoreLimits.MaxNodeScore * (max + min - s.Score) / max,
        }).ToList();
    }
}
