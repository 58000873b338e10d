namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// kube-scheduler's <c>helper.DefaultNormalizeScore</c>: scales scores so the highest becomes 100 (integer
/// arithmetic); when every score is 0 they stay 0, or all become 100 when <c>reverse</c>. With <c>reverse</c> a score
/// becomes 100 minus its scaled value, so fewer is better.
/// </summary>
public static class NormalizeScores
{
    public static IReadOnlyList<NodeScore> Default(IReadOnlyList<NodeScore> scores, bool reverse)
    {
        var max = scores.Count == 0 ? 0 : scores.Max(s => s.Score);
        if (max == 0)
        {
            return reverse ? scores.Select(s => s with { Score = ScoreLimits.MaxNodeScore }).ToList() : scores;
        }

        return scores.Select(s =>
        {
            var scaled = ScoreLimits.MaxNodeScore * s.Score / max;
            return s with { Score = reverse ? ScoreLimits.MaxNodeScore - scaled : scaled };
        }).ToList();
    }
}
