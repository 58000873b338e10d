using k8s.Models;
using Ivyo.Operator.PgBouncer;
using Ivyo.Operator.Tests.PgBackRest;

namespace Ivyo.Operator.Tests.PgBouncer;

public sealed class PgBouncerDisruptionBudgetTests
{
    [Theory]
    [InlineData(1, null, null)]
    [InlineData(2, null, "1")]
    [InlineData(3, "2", "2")]
    [InlineData(3, "50%", "50%")]
    [InlineData(3, "0", null)]
    [InlineData(1, "1", "1")]
    public void Budget_follows_ivory_operator_rule(int replicas, string? minAvailable, string? expected)
    {
        var cluster = ProxyClusters.Hippo(replicas);
        cluster.PgBouncer().MinAvailable = minAvailable is null ? null
            : int.TryParse(minAvailable, out var number) ? (IntOrString)number : (IntOrString)minAvailable;

        var budget = PgBouncerDisruptionBudget.Build(BackupClusters.Inputs(cluster));

        Assert.Equal(expected, budget?.Spec.MinAvailable?.Value);
    }

    [Fact]
    public void Budget_is_named_and_selects_like_the_deployment()
    {
        var cluster = ProxyClusters.Hippo(replicas: 2);
        cluster.PgBouncer().Metadata = new Api.V1Beta1.Metadata { Annotations = new Dictionary<string, string> { ["note"] = "hi" } };

        var budget = PgBouncerDisruptionBudget.Build(BackupClusters.Inputs(cluster))!;
        var selector = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/role"] = "pgbouncer",
        };

        Assert.Equal(("policy/v1", "PodDisruptionBudget", "hippo-pgbouncer"), (budget.ApiVersion, budget.Kind, budget.Metadata.Name));
        Assert.Equal(selector, budget.Metadata.Labels);
        Assert.Equal(selector, budget.Spec.Selector.MatchLabels);
        Assert.Equal("hi", budget.Metadata.Annotations["note"]);
        Assert.True(Assert.Single(budget.Metadata.OwnerReferences).Controller);
        Assert.Null(PgBouncerDisruptionBudget.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()))));
    }
}
