namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>The result of PreFilter and Filter over all nodes: the feasible nodes and, for the others, why (a FitError without its PostFilter part).</summary>
public sealed record FilterOutcome(IReadOnlyList<NodeInfo> Feasible, FitError Diagnosis);
