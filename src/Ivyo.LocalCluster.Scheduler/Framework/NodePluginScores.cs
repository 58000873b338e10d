namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>A feasible node's weighted score from each plugin and their sum (kube-scheduler's <c>NodePluginScores</c>).</summary>
public sealed record NodePluginScores(string NodeName, IReadOnlyDictionary<string, long> Scores, long TotalScore);
