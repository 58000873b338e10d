namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// The kubelet's crash-loop back-off: the first restart is immediate, then the delay starts at
/// <see cref="Initial"/> and doubles up to <see cref="Maximum"/> (10 s and 5 min on a real node).
/// </summary>
public sealed record RestartBackoff(TimeSpan Initial, TimeSpan Maximum)
{
    public static RestartBackoff Kubelet { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    public TimeSpan Delay(int restartCount) =>
        restartCount <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Maximum.Ticks, Initial.Ticks << Math.Min(restartCount - 1, 20)));
}
