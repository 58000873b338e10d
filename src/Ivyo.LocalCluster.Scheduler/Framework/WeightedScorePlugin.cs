namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>A score plugin with its weight in the profile: its normalized score is multiplied by it.</summary>
public sealed record WeightedScorePlugin(IScorePlugin Plugin, int Weight);
