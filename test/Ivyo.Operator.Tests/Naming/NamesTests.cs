using System.Text.RegularExpressions;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Tests.Naming;

public sealed partial class NamesTests
{
    [Fact]
    public void Cluster_object_names_match_ivory_operator()
    {
        Assert.Equal("hippo-ha", Names.PatroniScope("hippo"));
        Assert.Equal("hippo-ha-config", Names.PatroniDistributedConfiguration("hippo"));
        Assert.Equal("hippo-pods", Names.ClusterPodService("hippo"));
        Assert.Equal("hippo-primary", Names.ClusterPrimaryService("hippo"));
        Assert.Equal("hippo-replicas", Names.ClusterReplicaService("hippo"));
        Assert.Equal("hippo-config", Names.ClusterConfigMap("hippo"));
        Assert.Equal("hippo-instance", Names.ClusterInstanceRbac("hippo"));
        Assert.Equal("hippo-set-instance1", Names.InstanceSetPdb("hippo", "instance1"));
        Assert.Equal("hippo-pguser-hippo", Names.IvoryUserSecret("hippo", "hippo"));
        Assert.Equal("hippo-cluster-cert", Names.ClusterTlsSecret("hippo"));
        Assert.Equal("hippo-replication-cert", Names.ReplicationClientCertSecret("hippo"));
        Assert.Equal("hippo-repo-host", Names.PgBackRestRepoHost("hippo"));
        Assert.Equal("hippo-repo1", Names.PgBackRestRepoVolume("hippo", "repo1"));
        Assert.Equal("hippo-repo1-full", Names.PgBackRestCronJob("hippo", "repo1", "full"));
        Assert.Equal("ivyo-root-cacert", Names.RootCertSecret);
    }

    [Fact]
    public void Instance_volume_and_config_names_derive_from_the_instance()
    {
        Assert.Equal("hippo-instance1-zj5s-pgdata", Names.InstanceDataVolume("hippo-instance1-zj5s"));
        Assert.Equal("hippo-instance1-zj5s-pgwal", Names.InstanceWalVolume("hippo-instance1-zj5s"));
        Assert.Equal("hippo-instance1-zj5s-config", Names.InstanceConfigMap("hippo-instance1-zj5s"));
        Assert.Equal("hippo-instance1-zj5s-certs", Names.InstanceCertificates("hippo-instance1-zj5s"));
    }

    [Fact]
    public void Generated_instance_names_use_kubernetes_alphabet_and_four_characters()
    {
        var random = new SeededRandomSource(7);
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var name = Names.GenerateInstance("hippo", "instance1", random);
            Assert.Matches(InstanceName(), name);
            seen.Add(name);
        }

        Assert.True(seen.Count > 150, $"expected varied names, got {seen.Count} distinct of 200");
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "01")]
    [InlineData(12, "12")]
    public void Default_instance_set_names_are_two_digits(int index, string expected) =>
        Assert.Equal(expected, Names.DefaultInstanceSetName(index));

    [GeneratedRegex("^hippo-instance1-[bcdfghjklmnpqrstvwxz2456789]{4}$")]
    private static partial Regex InstanceName();
}
