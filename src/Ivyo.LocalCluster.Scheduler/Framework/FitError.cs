using System.Globalization;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// Why no node fits, and its text exactly as kube-scheduler 1.32's <c>FitError.Error()</c> prints it:
/// <c>0/N nodes are available: </c>, then the PreFilter message or the histogram of filter reasons (each
/// <c>"&lt;count&gt; &lt;reason&gt;"</c>, sorted ordinally as Go's <c>sort.Strings</c>, joined by ", "), each part
/// followed by "."; then the PostFilter (preemption) message, also followed by ".".
/// </summary>
public sealed record FitError
{
    public required int NumAllNodes { get; init; }

    /// <summary>The statuses of nodes that were filtered, by node name.</summary>
    public IReadOnlyDictionary<string, FilterStatus> NodeStatuses { get; init; } = new Dictionary<string, FilterStatus>();

    /// <summary>The status of every node absent from <see cref="NodeStatuses"/> (kube-scheduler's AbsentNodesStatus).</summary>
    public FilterStatus? AbsentNodesStatus { get; init; }

    public string PreFilterMessage { get; init; } = "";

    public string PostFilterMessage { get; init; } = "";

    /// <summary>The status of a node, explicit or absent.</summary>
    public FilterStatus? StatusOf(string nodeName) => NodeStatuses.GetValueOrDefault(nodeName) ?? AbsentNodesStatus;

    public string Message
    {
        get
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"0/{NumAllNodes} nodes are available:");
            if (PreFilterMessage.Length > 0)
            {
                message += $" {PreFilterMessage}.";
            }
            else
            {
                var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var status in NodeStatuses.Values)
                {
                    foreach (var reason in status.Reasons)
                    {
                        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    }
                }

                if (NodeStatuses.Count < NumAllNodes && AbsentNodesStatus is not null)
                {
                    foreach (var reason in AbsentNodesStatus.Reasons)
                    {
                        reasons[reason] = reasons.GetValueOrDefault(reason) + NumAllNodes - NodeStatuses.Count;
                    }
                }

                var histogram = reasons
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"))
                    .OrderBy(s => s, StringComparer.Ordinal)
                    .ToList();
                if (histogram.Count > 0)
                {
                    message += $" {string.Join(", ", histogram)}.";
                }
            }

            if (PostFilterMessage.Length > 0)
            {
                message += $" {PostFilterMessage}.";
            }

            return message;
        }
    }

    public override string ToString() => Message;
}
