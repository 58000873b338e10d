using Ivyo.Api.V1Beta1;
using Ivyo.Operator.PgBouncer;
using Ivyo.Operator.Tests.PgBackRest;

namespace Ivyo.Operator.Tests.PgBouncer;

public sealed class PgBouncerServiceTests
{
    [Fact]
    public void Service_selects_pgbouncer_pods_on_the_named_port()
    {
        var service = PgBouncerService.Build(BackupClusters.Inputs(ProxyClusters.Hippo(port: 6432)))!;

        Assert.Equal(("v1", "Service", "hippo-pgbouncer"), (service.ApiVersion, service.Kind, service.Metadata.Name));
        var labels = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/role"] = "pgbouncer",
        };
        Assert.Equal(labels, service.Metadata.Labels);
        Assert.Equal(labels, service.Spec.Selector);
        Assert.Equal("ClusterIP", service.Spec.Type);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(("pgbouncer", 6432, "TCP", "pgbouncer"), (port.Name, port.Port, port.Protocol, port.TargetPort.Value));
        Assert.Null(port.NodePort);
        Assert.True(Assert.Single(service.Metadata.OwnerReferences).Controller);
    }

    [Fact]
    public void Type_and_node_port_come_from_the_spec()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.PgBouncer().Service = new ServiceSpec
        {
            Type = "NodePort",
            NodePort = 32000,
            Metadata = new Metadata { Labels = new Dictionary<string, string> { ["exposed"] = "yes" }, Annotations = new Dictionary<string, string> { ["lb"] = "x" } },
        };

        var service = PgBouncerService.Build(BackupClusters.Inputs(cluster))!;

        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal(32000, Assert.Single(service.Spec.Ports).NodePort);
        Assert.Equal("yes", service.Metadata.Labels["exposed"]);
        Assert.Equal("x", service.Metadata.Annotations["lb"]);

        cluster.PgBouncer().Service!.Type = "LoadBalancer";
        Assert.Equal("LoadBalancer", PgBouncerService.Build(BackupClusters.Inputs(cluster))!.Spec.Type);
    }

    [Fact]
    public void A_node_port_on_cluster_ip_is_refused()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.PgBouncer().Service = new ServiceSpec { Type = "ClusterIP", NodePort = 32000 };

        var error = Assert.Throws<InvalidOperationException>(() => PgBouncerService.Build(BackupClusters.Inputs(cluster)));
        Assert.Contains("hippo-pgbouncer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_service_without_pgbouncer()
    {
        Assert.Null(PgBouncerService.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()))));
        Assert.Null(PgBouncerObjects.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), ProxyClusters.Image));
    }
}
