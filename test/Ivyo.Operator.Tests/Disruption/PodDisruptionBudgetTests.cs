using Ivyo.Operator.Disruption;
using k8s.Models;

namespace Ivyo.Operator.Tests.Disruption;

public sealed class PodDisruptionBudgetTests
{
    [Theory]
    [InlineData(1, null, null)]
    [InlineData(2, null, "1")]
    [InlineData(5, null, "1")]
    [InlineData(1, "1", "1")]
    [InlineData(3, "2", "2")]
    [InlineData(3, "50%", "50%")]
    [InlineData(3, "0", null)]
    [InlineData(3, "0%", null)]
    public void MinAvailable_follows_ivory_operator_rule(int replicas, string? requested, string? expected)
    {
        IntOrString? requestedValue = requested is null ? null : (int.TryParse(requested, out var n) ? (IntOrString)n : (IntOrString)requested);
        var actual = PodDisruptionBudgets.MinAvailable(replicas, requestedValue);
        Assert.Equal(expected, actual?.Value);
    }
}
