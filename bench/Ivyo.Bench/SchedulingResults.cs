namespace Ivyo.Bench;

/// <summary>
/// One variant of <c>scheduling</c>: how long sending the creates took, the time from the first create request until
/// the last pod was seen bound, each pod's create-request-to-bound latency, and where the pods went.
/// </summary>
public sealed record SchedulingVariantResult(
    SchedulingVariant Variant, int Pods, int Nodes, TimeSpan CreatesTook, TimeSpan Elapsed, LatencySummary CreateToBound, Placement Placement)
{
    /// <summary>Pods bound per second, from the first create request until the last pod was bound.</summary>
    public double PodsPerSecond => Pods / Elapsed.TotalSeconds;
}

/// <summary>The verified placement: fewest and most pods on a node, nodes used, pods per zone, and what was checked.</summary>
public sealed record Placement(int MinPerNode, int MaxPerNode, int NodesUsed, IReadOnlyDictionary<string, int> PerZone, string Check);
