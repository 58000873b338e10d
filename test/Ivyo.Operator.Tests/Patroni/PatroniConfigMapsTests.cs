using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Patroni;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class PatroniConfigMapsTests
{
    [Fact]
    public void Cluster_configmap_holds_the_cluster_yaml()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Metadata = new Metadata { Labels = new Dictionary<string, string> { ["team"] = "zoo" } };

        var configMap = PatroniConfigMaps.Cluster(cluster, new ParameterSet(), PostgresHba.Build());

        Assert.Equal("hippo-config", configMap.Metadata.Name);
        Assert.Equal("zoo", configMap.Metadata.NamespaceProperty);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "zoo", ["ivory-operator.ivorysql.org/cluster"] = "hippo" }, configMap.Metadata.Labels);
        var owner = Assert.Single(configMap.Metadata.OwnerReferences);
        Assert.Equal(("IvoryCluster", "hippo", true), (owner.Kind, owner.Name, owner.Controller ?? false));
        Assert.Equal("patroni.yaml", Assert.Single(configMap.Data).Key);
        Assert.Equal("hippo-ha", YamlAssert.Scalar(YamlAssert.Load(configMap.Data["patroni.yaml"]), "scope"));
    }

    [Fact]
    public void Instance_configmap_holds_the_instance_yaml_with_set_metadata()
    {
        var cluster = PatroniClusters.Hippo();
        var set = cluster.Spec.Instances[0];
        set.Metadata = new Metadata
        {
            Labels = new Dictionary<string, string> { ["tier"] = "db", ["ivory-operator.ivorysql.org/instance"] = "spoofed" },
            Annotations = new Dictionary<string, string> { ["note"] = "set" },
        };

        var configMap = PatroniConfigMaps.Instance(cluster, set, "hippo-00-abcd", ["pgbackrest", "restore"]);

        Assert.Equal("hippo-00-abcd-config", configMap.Metadata.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["tier"] = "db",
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/instance-set"] = "00",
            ["ivory-operator.ivorysql.org/instance"] = "hippo-00-abcd",
        }, configMap.Metadata.Labels);
        Assert.Equal("set", configMap.Metadata.Annotations["note"]);
        var root = YamlAssert.Load(configMap.Data["patroni.yaml"]);
        Assert.Equal(["pgbackrest", "basebackup"], YamlAssert.Strings(root, "postgresql", "create_replica_methods"));
    }
}
