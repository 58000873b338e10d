namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>A topology domain: a node label key and its value, such as <c>topology.kubernetes.io/zone=a</c>.</summary>
public sealed record TopologyPair(string Key, string Value);
