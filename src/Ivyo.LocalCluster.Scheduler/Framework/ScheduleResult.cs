namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// The outcome of one scheduling cycle: the chosen node, or the <see cref="FitError"/> (or, with no nodes at all,
/// <see cref="NoNodesMessage"/>), plus the scores of the feasible nodes for diagnostics.
/// </summary>
public sealed record ScheduleResult
{
    /// <summary>kube-scheduler's <c>ErrNoNodesAvailable</c>.</summary>
    public const string NoNodesMessage = "no nodes available to schedule pods";

    public string? SelectedNode { get; init; }

    public FitError? Error { get; init; }

    public IReadOnlyList<NodePluginScores> Scores { get; init; } = [];

    public bool Succeeded => SelectedNode is not null;

    /// <summary>The text of the failure: the FitError's message, or <see cref="NoNodesMessage"/>.</summary>
    public string FailureMessage => Error?.Message ?? (Succeeded ? "" : NoNodesMessage);
}
