namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// One probe run as the kubelet's prober returns it to its worker: the result (a warning counts as a success), whether
/// it errored (then the worker throws the result away), and the Event to record, if any.
/// </summary>
internal sealed record ProbeRun(ProbeState Result, bool Errored, ProbeEvent? Event);
