namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// What one run of a probe action returned, as the kubelet's probers return <c>(probe.Result, output, error)</c>: an
/// error is <see cref="ProbeResult.Unknown"/> with the error's text as <paramref name="Output"/>.
/// </summary>
public sealed record ProbeOutcome(ProbeResult Result, string Output)
{
    public static ProbeOutcome Success(string output = "") => new(ProbeResult.Success, output);

    public static ProbeOutcome Warning(string output) => new(ProbeResult.Warning, output);

    public static ProbeOutcome Failure(string output) => new(ProbeResult.Failure, output);

    /// <summary>The probe could not run (kubelet: a non-nil error): retried, then its result thrown away.</summary>
    public static ProbeOutcome Error(string message) => new(ProbeResult.Unknown, message);

    public bool IsError => Result == ProbeResult.Unknown;
}
