namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>kube-scheduler's score range: every plugin's normalized score lies in [<see cref="MinNodeScore"/>, <see cref="MaxNodeScore"/>].</summary>
public static class ScoreLimits
{
    public const long MinNodeScore = 0;

    public const long MaxNodeScore = 100;
}
