using Ivyo.LocalCluster.Scheduler.Framework;
using Ivyo.LocalCluster.Scheduler.Matching;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's InterPodAffinity plugin. Filter, in its order: every required affinity term needs the node to have
/// the term's topology key and a pod matching all the terms in that domain — except the first pod of a group that
/// matches its own terms while no pod anywhere does (<c>node(s) didn't match pod affinity rules</c>, unresolvable); no
/// required anti-affinity term may have a matching pod in the node's domain (<c>node(s) didn't match pod anti-affinity
/// rules</c>); no existing pod's required anti-affinity term may match the incoming pod in the node's domain
/// (<c>node(s) didn't satisfy existing pods anti-affinity rules</c>). Score: for every existing pod, the incoming pod's
/// preferred terms it matches add (affinity) or subtract (anti-affinity) their weight to the domain of the existing
/// pod's node, and the existing pod's required affinity (weight 1) and preferred terms matching the incoming pod do the
/// same; a node scores the sum over its domains, normalized min-max to [0, 100].
/// </summary>
public sealed class InterPodAffinity : IFilterPlugin, IScorePlugin
{
    public const string AffinityReason = "node(s) didn't match pod affinity rules";

    public const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";

    public const string ExistingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary>kube-scheduler's default <c>hardPodAffinityWeight</c>.</summary>
    public const int HardPodAffinityWeight = 1;

    public string Name => "InterPodAffinity";

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var pod = cycle.Pod;
        var podNamespaceLabels = cycle.NamespaceLabels(cycle.Namespace);
        var affinity = AffinityTerm.RequiredAffinity(pod);
        var antiAffinity = AffinityTerm.RequiredAntiAffinity(pod);
        var existingAnti = new Dictionary<TopologyPair, long>();
        var affinityCounts = new Dictionary<TopologyPair, long>();
        var antiCounts = new Dictionary<TopologyPair, long>();
        foreach (var node in cycle.Nodes)
        {
            foreach (var existing in node.Pods)
            {
                foreach (var term in AffinityTerm.RequiredAntiAffinity(existing))
                {
                    if (term.Matches(pod, podNamespaceLabels))
                    {
                        Increment(existingAnti, node, term.TopologyKey);
                    }
                }

                var existingNamespaceLabels = cycle.NamespaceLabels(existing.Metadata?.NamespaceProperty ?? "default");
                if (affinity.Count > 0 && affinity.All(t => t.Matches(existing, existingNamespaceLabels)))
                {
                    foreach (var term in affinity)
                    {
                        Increment(affinityCounts, node, term.TopologyKey);
                    }
                }

                foreach (var term in antiAffinity)
                {
                    if (term.Matches(existing, existingNamespaceLabels))
                    {
                        Increment(antiCounts, node, term.TopologyKey);
                    }
                }
            }
        }

        if (affinity.Count == 0 && antiAffinity.Count == 0 && existingAnti.Count == 0)
        {
            return PreFilterResult.Skip;
        }

        var matchesOwnTerms = affinity.Count > 0 && affinity.All(t => t.Matches(pod, podNamespaceLabels));
        return PreFilterResult.With(node =>
        {
            if (!SatisfiesAffinity(node, affinity, affinityCounts, matchesOwnTerms))
            {
                return FilterStatus.Unresolvable(AffinityReason);
            }

            if (antiCounts.Count > 0 && antiAffinity.Any(t => node.Labels.TryGetValue(t.TopologyKey, out var v) && antiCounts.GetValueOrDefault(new TopologyPair(t.TopologyKey, v)) > 0))
            {
                return FilterStatus.Unschedulable(AntiAffinityReason);
            }

            if (existingAnti.Count > 0 && node.Labels.Any(l => existingAnti.GetValueOrDefault(new TopologyPair(l.Key, l.Value)) > 0))
            {
                return FilterStatus.Unschedulable(ExistingAntiAffinityReason);
            }

            return null;
        });
    }

    private static bool SatisfiesAffinity(NodeInfo node, IReadOnlyList<AffinityTerm> terms, Dictionary<TopologyPair, long> counts, bool matchesOwnTerms)
    {
        var podsExist = true;
        foreach (var term in terms)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false;
            }

            if (counts.GetValueOrDefault(new TopologyPair(term.TopologyKey, value)) <= 0)
            {
                podsExist = false;
            }
        }

        return podsExist || (counts.Count == 0 && matchesOwnTerms);
    }

    private static void Increment(Dictionary<TopologyPair, long> counts, NodeInfo node, string topologyKey)
    {
        if (node.Labels.TryGetValue(topologyKey, out var value))
        {
            var pair = new TopologyPair(topologyKey, value);
            counts[pair] = counts.GetValueOrDefault(pair) + 1;
        }
    }

    public NodeScorer? PreScore(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        if (feasibleNodes.Count == 0)
        {
            return null;
        }

        var pod = cycle.Pod;
        var podNamespaceLabels = cycle.NamespaceLabels(cycle.Namespace);
        var preferred = AffinityTerm.PreferredAffinity(pod);
        var preferredAnti = AffinityTerm.PreferredAntiAffinity(pod);
        var topologyScore = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        void Add(AffinityTerm term, long weight, NodeInfo node)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                var values = topologyScore.TryGetValue(term.TopologyKey, out var existing) ? existing : topologyScore[term.TopologyKey] = new Dictionary<string, long>(StringComparer.Ordinal);
                values[value] = values.GetValueOrDefault(value) + weight;
            }
        }

        foreach (var node in cycle.Nodes)
        {
            if (node.Labels.Count == 0)
            {
                continue;
            }

            foreach (var existing in node.Pods)
            {
                var existingNamespaceLabels = cycle.NamespaceLabels(existing.Metadata?.NamespaceProperty ?? "default");
                foreach (var term in preferred.Where(t => t.Matches(existing, existingNamespaceLabels)))
                {
                    Add(term, term.Weight, node);
                }

                foreach (var term in preferredAnti.Where(t => t.Matches(existing, existingNamespaceLabels)))
                {
                    Add(term, -term.Weight, node);
                }

                foreach (var term in AffinityTerm.RequiredAffinity(existing).Where(t => t.Matches(pod, podNamespaceLabels)))
                {
                    Add(term, HardPodAffinityWeight, node);
                }

                foreach (var term in AffinityTerm.PreferredAffinity(existing).Where(t => t.Matches(pod, podNamespaceLabels)))
                {
                    Add(term, term.Weight, node);
                }

                foreach (var term in AffinityTerm.PreferredAntiAffinity(existing).Where(t => t.Matches(pod, podNamespaceLabels)))
                {
                    Add(term, -term.Weight, node);
                }
            }
        }

        if (topologyScore.Count == 0)
        {
            return null;
        }

        return new NodeScorer(
            node => topologyScore.Sum(p => node.Labels.TryGetValue(p.Key, out var value) ? p.Value.GetValueOrDefault(value) : 0),
            Normalize);
    }

    private static IReadOnlyList<NodeScore> Normalize(IReadOnlyList<NodeScore> scores)
    {
        var min = scores.Min(s => s.Score);
        var max = scores.Max(s => s.Score);
        var spread = max - min;
        return scores.Select(s => s with
        {
            Score = spread > 0 ? (long)(ScoreLimits.MaxNodeScore * ((double)(s.Score - min) / spread)) : 0,
        }).ToList();
    }
}
