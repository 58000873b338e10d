using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Services;
using Ivyo.Operator.Tests.Support;

namespace Ivyo.Operator.Tests.Services;

public sealed class ClusterServicesTests
{
    private readonly IvoryCluster _hippo = TestClusters.Hippo();

    [Fact]
    public void Ha_service_allocates_an_ip_without_selector()
    {
        var service = ClusterServices.Leader(_hippo);
        Assert.Equal("hippo-ha", service.Metadata.Name);
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Null(service.Spec.ClusterIP);
        Assert.Null(service.Spec.Selector);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal((5432, "ivory", "ivory"), (port.Port, port.Name, port.TargetPort.Value));
        Assert.Equal("hippo-ha", service.Metadata.Labels[Labels.Patroni]);
    }

    [Fact]
    public void Ha_config_service_is_headless_without_ports()
    {
        var service = ClusterServices.DistributedConfiguration(_hippo);
        Assert.Equal(("hippo-ha-config", "None"), (service.Metadata.Name, service.Spec.ClusterIP));
        Assert.Null(service.Spec.Ports);
        Assert.Null(service.Spec.Selector);
    }

    [Fact]
    public void Pods_service_selects_the_cluster_and_publishes_not_ready_addresses()
    {
        var service = ClusterServices.Pods(_hippo);
        Assert.Equal(("hippo-pods", "None", true), (service.Metadata.Name, service.Spec.ClusterIP, service.Spec.PublishNotReadyAddresses));
        Assert.Equal(new Dictionary<string, string> { [Labels.Cluster] = "hippo" }, service.Spec.Selector);
    }

    [Fact]
    public void Primary_service_is_headless_and_its_endpoints_point_at_the_ha_cluster_ip()
    {
        var service = ClusterServices.Primary(_hippo);
        Assert.Equal(("hippo-primary", "None"), (service.Metadata.Name, service.Spec.ClusterIP));
        Assert.Null(service.Spec.Selector);
        Assert.Equal("primary", service.Metadata.Labels[Labels.Role]);

        var endpoints = ClusterServices.PrimaryEndpoints(_hippo, "10.96.0.10");
        Assert.NotNull(endpoints);
        Assert.Equal("hippo-primary", endpoints.Metadata.Name);
        var subset = Assert.Single(endpoints.Subsets);
        Assert.Equal("10.96.0.10", Assert.Single(subset.Addresses).Ip);
        Assert.Equal(5432, Assert.Single(subset.Ports).Port);
        Assert.Null(ClusterServices.PrimaryEndpoints(_hippo, null));
    }

    [Fact]
    public void Replicas_service_selects_the_patroni_replica_role()
    {
        var service = ClusterServices.Replicas(_hippo);
        Assert.Equal(("hippo-replicas", "ClusterIP"), (service.Metadata.Name, service.Spec.Type));
        Assert.Equal(new Dictionary<string, string> { [Labels.Cluster] = "hippo", [Labels.Role] = "replica" }, service.Spec.Selector);
    }

    [Fact]
    public void Every_service_is_controlled_by_the_cluster()
    {
        foreach (var service in new[] { ClusterServices.Leader(_hippo), ClusterServices.DistributedConfiguration(_hippo), ClusterServices.Pods(_hippo), ClusterServices.Primary(_hippo), ClusterServices.Replicas(_hippo) })
        {
            var owner = Assert.Single(service.Metadata.OwnerReferences);
            Assert.Equal(("ivory-operator.ivorysql.org/v1beta1", "IvoryCluster", "hippo", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Controller ?? false));
            Assert.Equal("ivory-operator", service.Metadata.NamespaceProperty);
            Assert.Equal("hippo", service.Metadata.Labels[Labels.Cluster]);
        }
    }

    [Fact]
    public void Service_spec_type_and_node_port_apply_to_the_ha_service()
    {
        _hippo.Spec.Service = new ServiceSpec { Type = "NodePort", NodePort = 32000, Metadata = new Metadata { Labels = new Dictionary<string, string> { ["team"] = "db" } } };
        var service = ClusterServices.Leader(_hippo);
        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal(32000, service.Spec.Ports[0].NodePort);
        Assert.Equal("db", service.Metadata.Labels["team"]);
    }
}
