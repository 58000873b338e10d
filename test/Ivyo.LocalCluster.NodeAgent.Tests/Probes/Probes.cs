using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>Probe specs for the tests, with the short periods a test can wait for.</summary>
internal static class Probes
{
    public static V1Probe Exec(string script, int period = 1, int timeout = 1, int success = 1, int failure = 3) =>
        new() { Exec = new V1ExecAction { Command = ["/bin/sh", "-c", script] }, PeriodSeconds = period, TimeoutSeconds = timeout, SuccessThreshold = success, FailureThreshold = failure };

    public static V1Probe Http(IntOrString port, string path = "/healthz", string? scheme = null, int period = 1, int timeout = 1, int success = 1, int failure = 3) =>
        new()
        {
            HttpGet = new V1HTTPGetAction { Port = port, Path = path, Scheme = scheme },
            PeriodSeconds = period,
            TimeoutSeconds = timeout,
            SuccessThreshold = success,
            FailureThreshold = failure,
        };

    public static V1Probe Tcp(int port, int period = 1, int timeout = 1) =>
        new() { TcpSocket = new V1TCPSocketAction { Port = port }, PeriodSeconds = period, TimeoutSeconds = timeout };

    public static V1Container Container(
        V1Probe? liveness = null, V1Probe? readiness = null, V1Probe? startup = null, IList<V1ContainerPort>? ports = null) =>
        new() { Name = "db", Image = "debian:12", LivenessProbe = liveness, ReadinessProbe = readiness, StartupProbe = startup, Ports = ports };

    /// <summary>The probe after <paramref name="change"/>, for fields the builders do not take.</summary>
    public static V1Probe With(this V1Probe probe, Action<V1Probe> change)
    {
        change(probe);
        return probe;
    }
}
