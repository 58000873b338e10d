using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Tests.Support;

namespace Ivyo.Operator.Tests.DesiredState;

public sealed class ClusterValidationTests
{
    [Fact]
    public void A_standby_needs_a_host_or_a_repository()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true };

        var problem = Assert.Single(ClusterValidation.Problems(cluster));
        Assert.Equal("spec.standby: Invalid value: enabled with neither host nor repoName: a standby follows a pgBackRest repository "
            + "(spec.standby.repoName) or streams from a server (spec.standby.host)", problem);
        var error = Assert.Throws<InvalidOperationException>(() => DesiredStateBuilder.Build(TestClusters.Inputs(cluster)));
        Assert.Equal(problem, error.Message);
    }

    [Fact]
    public void A_standby_repository_must_be_one_of_the_clusters()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true, RepoName = "repo2" };
        Assert.Equal(["spec.standby.repoName: Not found: \"repo2\": must name one of spec.backups.pgbackrest.repos (repo1)"], ClusterValidation.Problems(cluster));
    }

    [Fact]
    public void Valid_standbys_and_disabled_ones_pass()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true, RepoName = "repo1" };
        Assert.Empty(ClusterValidation.Problems(cluster));
        cluster.Spec.Standby = new StandbySpec { Enabled = true, Host = "primary.example" };
        Assert.Empty(ClusterValidation.Problems(cluster));
        cluster.Spec.Standby = new StandbySpec { Enabled = false };
        Assert.Empty(ClusterValidation.Problems(cluster));
    }

    [Fact]
    public void A_user_option_may_not_set_the_password()
    {
        var cluster = TestClusters.Hippo();
        cluster.Spec.Users = [new IvoryUserSpec { Name = "app" }, new IvoryUserSpec { Name = "rhino", Options = "LOGIN password 'x'" }];
        Assert.Equal(["spec.users[1].options: Invalid value: \"LOGIN password 'x'\": PASSWORD is not allowed; the password comes from the Secret hippo-pguser-rhino"],
            ClusterValidation.Problems(cluster));
        cluster.Spec.Users[1].Options = "CREATEDB CREATEROLE";
        Assert.Empty(ClusterValidation.Problems(cluster));
    }
}
