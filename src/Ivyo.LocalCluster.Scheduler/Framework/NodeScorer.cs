namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A score plugin's Score and optional NormalizeScore for one cycle, prepared by its PreScore. Without
/// <see cref="Normalize"/> the raw scores must already lie in [0, 100].
/// </summary>
public sealed record NodeScorer(Func<NodeInfo, long> Score, Func<IReadOnlyList<NodeScore>, IReadOnlyList<NodeScore>>? Normalize = null);
