using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Tests.Naming;

public sealed class LabelsTests
{
    [Fact]
    public void Label_keys_are_the_ones_the_tutorial_selects_on()
    {
        Assert.Equal("ivory-operator.ivorysql.org/cluster", Labels.Cluster);
        Assert.Equal("ivory-operator.ivorysql.org/instance-set", Labels.InstanceSet);
        Assert.Equal("ivory-operator.ivorysql.org/instance", Labels.Instance);
        Assert.Equal("ivory-operator.ivorysql.org/role", Labels.Role);
        Assert.Equal("ivory-operator.ivorysql.org/pgbackrest", Labels.PgBackRest);
    }

    [Theory]
    [InlineData("master", true)]
    [InlineData("primary", true)]
    [InlineData("replica", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Both_patroni_3_and_4_leader_roles_are_primary(string? role, bool primary) =>
        Assert.Equal(primary, Labels.IsPrimaryRole(role));

    [Fact]
    public void Merge_lets_later_sets_win()
    {
        var merged = Labels.Merge(
            new Dictionary<string, string> { ["a"] = "user", ["b"] = "user" },
            null,
            new Dictionary<string, string> { [Labels.Cluster] = "hippo", ["b"] = "ivyo" });
        Assert.Equal(new Dictionary<string, string> { ["a"] = "user", ["b"] = "ivyo", [Labels.Cluster] = "hippo" }, merged);
    }

    [Fact]
    public void Selectors_use_kubernetes_syntax()
    {
        Assert.Equal("ivory-operator.ivorysql.org/cluster=hippo,ivory-operator.ivorysql.org/instance-set", Selectors.ClusterInstances("hippo"));
        Assert.Equal("ivory-operator.ivorysql.org/cluster=hippo", Selectors.Cluster("hippo"));
    }
}
