using Ivyo.LocalCluster.NodeAgent.Probes;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>How a probe spec is read: defaults, ports and URLs, as the kubelet reads them.</summary>
public sealed class ProbeSpecTests
{
    [Fact]
    public void Unset_timing_takes_the_api_defaults_and_liveness_needs_one_success()
    {
        Assert.Equal(new ProbeTiming(0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), 1, 3), ProbeTiming.Of(new V1Probe(), ProbeType.Readiness));
        Assert.Equal(1, ProbeTiming.Of(new V1Probe { SuccessThreshold = 4 }, ProbeType.Liveness).SuccessThreshold);
        Assert.Equal(4, ProbeTiming.Of(new V1Probe { SuccessThreshold = 4 }, ProbeType.Readiness).SuccessThreshold);
    }

    [Theory]
    [InlineData("5432", 5432, null)]
    [InlineData("postgres", 5433, null)]
    [InlineData("metrics", 0, "strconv.Atoi: parsing \"metrics\": invalid syntax")]
    [InlineData("70000", 70000, "invalid port number: 70000")]
    public void Ports_are_numbers_or_the_names_of_container_ports(string port, int expected, string? error)
    {
        var container = new V1Container { Name = "db", Ports = [new V1ContainerPort { Name = "postgres", ContainerPort = 5433 }] };

        Assert.Equal((expected, error), ContainerPorts.Resolve(port, container));
    }

    [Theory]
    [InlineData("http", "127.0.0.1", "/healthz?full=1", "http://127.0.0.1:8080/healthz?full=1")]
    [InlineData("https", "127.0.0.1", "", "https://127.0.0.1:8080")]
    [InlineData("http", "127.0.0.1", "ready", "http://127.0.0.1:8080/ready")]
    [InlineData("http", "fd00::5", "/", "http://[fd00::5]:8080/")]
    public void Urls_are_built_as_the_kubelet_formats_them(string scheme, string host, string path, string expected)
    {
        Assert.Equal(expected, HttpGetProber.FormatUrl(scheme, host, 8080, path)?.OriginalString);
    }

    [Theory]
    [InlineData(1, "1s")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h0m0s")]
    public void Durations_read_as_in_go(int seconds, string expected) => Assert.Equal(expected, GoStrings.Duration(TimeSpan.FromSeconds(seconds)));
}
