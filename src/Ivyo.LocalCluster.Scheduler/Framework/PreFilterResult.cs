namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// What a filter plugin's PreFilter decided for the whole cycle: a per-node <see cref="Filter"/> (null: the plugin has
/// nothing to check, kube-scheduler's Skip), an optional restriction to <see cref="NodeNames"/> (PreFilterResult), or a
/// <see cref="Rejection"/> that makes every node fail (a PreFilter status of Unschedulable).
/// </summary>
public sealed record PreFilterResult
{
    public Func<NodeInfo, FilterStatus?>? Filter { get; init; }

    public IReadOnlySet<string>? NodeNames { get; init; }

    public FilterStatus? Rejection { get; init; }

    public static PreFilterResult Skip { get; } = new();

    public static PreFilterResult With(Func<NodeInfo, FilterStatus?> filter) => new() { Filter = filter };

    public static PreFilterResult Reject(FilterStatus status) => new() { Rejection = status };
}
