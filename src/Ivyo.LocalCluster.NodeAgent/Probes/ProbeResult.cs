namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The result of one probe run, as pkg/probe's <c>Result</c>: <see cref="Warning"/> counts as a success with an event
/// (an httpGet redirect to another host), <see cref="Unknown"/> means the probe could not run at all (an error).
/// </summary>
public enum ProbeResult
{
    Success,
    Warning,
    Failure,
    Unknown,
}
