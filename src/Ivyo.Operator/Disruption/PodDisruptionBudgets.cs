using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using k8s.Models;

namespace Ivyo.Operator.Disruption;

/// <summary>
/// PodDisruptionBudgets for instance sets and PgBouncer. ivory-operator's rule: use <c>minAvailable</c> when the user
/// sets it; otherwise 1 when there is more than one replica, else no budget at all (a budget of 1 over one pod would
/// block every node drain). A budget whose <c>minAvailable</c> is 0 is not created either.
/// </summary>
public static class PodDisruptionBudgets
{
    /// <summary>The effective minAvailable, or null when no budget should exist.</summary>
    public static IntOrString? MinAvailable(int replicas, IntOrString? requested)
    {
        if (requested is not null)
        {
            return IsZero(requested) ? null : requested;
        }

        return replicas > 1 ? (IntOrString)1 : null;
    }

    /// <summary>A budget over the pods that match <paramref name="selectorLabels"/>, or null when none is needed.</summary>
    public static V1PodDisruptionBudget? Build(
        IvoryCluster cluster, string name, IDictionary<string, string> labels, IDictionary<string, string> selectorLabels,
        int replicas, IntOrString? requested)
    {
        var minAvailable = MinAvailable(replicas, requested);
        if (minAvailable is null)
        {
            return null;
        }

        return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = Ownership.Metadata(cluster, name, labels),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = minAvailable,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(selectorLabels) },
            },
        };
    }

    private static bool IsZero(IntOrString value) => value.Value is "0" or "0%";
}
