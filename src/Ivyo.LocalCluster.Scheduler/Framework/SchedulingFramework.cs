using System.Globalization;
using Ivyo.LocalCluster.Scheduler.Plugins;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// One scheduling cycle, pure and I/O-free, as kube-scheduler's <c>schedulePod</c>: PreFilter, then Filter on every node
/// (a node's first failing plugin is its status), then when nothing fits the PostFilter (preemption diagnosis only;
/// nothing is preempted) and a <see cref="FitError"/>; otherwise PreScore/Score/NormalizeScore of every score plugin,
/// weighted and summed, and the highest total wins. A single feasible node is taken without scoring. Ties are broken
/// as kube-scheduler's <c>selectHost</c> does, by reservoir sampling with the injected <see cref="Random"/> (seed it
/// for deterministic results).
/// </summary>
public sealed class SchedulingFramework(SchedulerProfile profile, Random random)
{
    private readonly DefaultPreemption _preemption = new();

    public SchedulerProfile Profile => profile;

    public ScheduleResult Schedule(V1Pod pod, ClusterSnapshot snapshot)
    {
        var cycle = new SchedulingCycle(pod, snapshot);
        if (cycle.Nodes.Count == 0)
        {
            return new ScheduleResult();
        }

        var outcome = Filter(cycle);
        if (outcome.Feasible.Count == 0)
        {
            var postFilter = _preemption.PostFilter(cycle, outcome.Diagnosis, (other, node) => FilterOneNode(new SchedulingCycle(pod, other), node));
            return new ScheduleResult { Error = outcome.Diagnosis with { PostFilterMessage = postFilter } };
        }

        if (outcome.Feasible.Count == 1)
        {
            return new ScheduleResult { SelectedNode = outcome.Feasible[0].Name };
        }

        var scores = Score(cycle, outcome.Feasible);
        return new ScheduleResult { SelectedNode = SelectHost(scores), Scores = scores };
    }

    /// <summary>PreFilter and Filter over every node of the cycle.</summary>
    public FilterOutcome Filter(SchedulingCycle cycle)
    {
        var filters = new List<(string Plugin, Func<NodeInfo, FilterStatus?> Check)>();
        IReadOnlySet<string>? allowed = null;
        var restricting = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var plugin in profile.Filters)
        {
            var pre = plugin.PreFilter(cycle);
            if (pre.Rejection is { } rejection)
            {
                var status = rejection with { Plugin = plugin.Name };
                return new FilterOutcome([], new FitError { NumAllNodes = cycle.Nodes.Count, PreFilterMessage = status.Message, AbsentNodesStatus = status });
            }

            if (pre.NodeNames is { } names)
            {
                allowed = allowed is null ? names : allowed.Intersect(names, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                restricting.Add(plugin.Name);
            }

            if (pre.Filter is { } check)
            {
                filters.Add((plugin.Name, check));
            }
        }

        var statuses = new Dictionary<string, FilterStatus>(StringComparer.Ordinal);
        var feasible = new List<NodeInfo>();
        foreach (var node in cycle.Nodes)
        {
            if (allowed is not null && !allowed.Contains(node.Name))
            {
                continue;
            }

            var status = RunFilters(filters, node);
            if (status is null)
            {
                feasible.Add(node);
            }
            else
            {
                statuses[node.Name] = status;
            }
        }

        var absent = allowed is null
            ? null
            : FilterStatus.Unresolvable(string.Create(CultureInfo.InvariantCulture, $"node(s) didn't satisfy plugin(s) [{string.Join(" ", restricting)}]"));
        return new FilterOutcome(feasible, new FitError { NumAllNodes = cycle.Nodes.Count, NodeStatuses = statuses, AbsentNodesStatus = absent });
    }

    /// <summary>Runs every filter for one node (preemption's dry run); null when it fits.</summary>
    private FilterStatus? FilterOneNode(SchedulingCycle cycle, string nodeName)
    {
        var outcome = Filter(cycle);
        return outcome.Feasible.Any(n => n.Name == nodeName)
            ? null
            : outcome.Diagnosis.StatusOf(nodeName) ?? FilterStatus.Unresolvable("node not found");
    }

    private static FilterStatus? RunFilters(List<(string Plugin, Func<NodeInfo, FilterStatus?> Check)> filters, NodeInfo node)
    {
        foreach (var (plugin, check) in filters)
        {
            if (check(node) is { } status)
            {
                return status with { Plugin = plugin };
            }
        }

        return null;
    }

    /// <summary>PreScore, Score and NormalizeScore of every score plugin over the feasible nodes, weighted and summed.</summary>
    public IReadOnlyList<NodePluginScores> Score(SchedulingCycle cycle, IReadOnlyList<NodeInfo> feasible)
    {
        var perNode = feasible.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToList();
        foreach (var (plugin, weight) in profile.Scores)
        {
            var scorer = plugin.PreScore(cycle, feasible);
            if (scorer is null)
            {
                continue;
            }

            IReadOnlyList<NodeScore> scores = feasible.Select(n => new NodeScore(n.Name, scorer.Score(n))).ToList();
            if (scorer.Normalize is { } normalize)
            {
                scores = normalize(scores);
            }

            for (var i = 0; i < feasible.Count; i++)
            {
                perNode[i][plugin.Name] = scores[i].Score * weight;
            }
        }

        return feasible.Select((n, i) => new NodePluginScores(n.Name, perNode[i], perNode[i].Values.Sum())).ToList();
    }

    /// <summary>The node with the highest total; among equals each is taken with equal probability.</summary>
    public string SelectHost(IReadOnlyList<NodePluginScores> scores)
    {
        var best = scores[0];
        var ties = 1;
        foreach (var candidate in scores.Skip(1))
        {
            if (candidate.TotalScore > best.TotalScore)
            {
                best = candidate;
                ties = 1;
            }
            else if (candidate.TotalScore == best.TotalScore)
            {
                ties++;
                if (random.Next(ties) == 0)
                {
                    best = candidate;
                }
            }
        }

        return best.NodeName;
    }
}
