namespace Ivyo.Bench;

/// <summary>What <c>pod-startup</c> measured: pods one at a time, and a burst created at once.</summary>
public sealed record PodStartupResults(StartupSeries Sequential, BurstResults Burst);

/// <summary>Per pod, from its create request: the create's response, seen bound, seen Running, seen Ready.</summary>
public sealed record StartupSeries(LatencySummary Created, LatencySummary Bound, LatencySummary Running, LatencySummary Ready);

/// <summary>
/// The burst: its pods' times, from the first create request until the last pod was Ready, how long sending the
/// creates took, and how many pods each node got.
/// </summary>
public sealed record BurstResults(StartupSeries Times, TimeSpan AllReady, TimeSpan CreatesTook, IReadOnlyDictionary<string, int> Nodes);
