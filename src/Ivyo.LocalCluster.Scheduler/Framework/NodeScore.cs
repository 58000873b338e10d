namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>One node's score from one plugin, before or after NormalizeScore (kube-scheduler's <c>NodeScore</c>).</summary>
public sealed record NodeScore(string NodeName, long Score);
