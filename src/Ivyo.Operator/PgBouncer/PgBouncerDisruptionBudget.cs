using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Disruption;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// <c>&lt;c&gt;-pgbouncer</c> PodDisruptionBudget, by ivory-operator's rule (see <see cref="PodDisruptionBudgets"/>):
/// <c>minAvailable</c> as given, else 1 with more than one replica, else none; never one of 0.
/// </summary>
public static class PgBouncerDisruptionBudget
{
    /// <returns>The budget, or null when PgBouncer is off or needs none (an existing one should then be deleted).</returns>
    public static V1PodDisruptionBudget? Build(ClusterInputs inputs)
    {
        var cluster = inputs.Cluster;
        var spec = cluster.Spec.Proxy?.PgBouncer;
        if (spec is null)
        {
            return null;
        }

        var budget = PodDisruptionBudgets.Build(cluster, Names.ClusterPgBouncer(inputs.Name), PgBouncerMetadata.Labels(cluster),
            Labels.ForPgBouncer(inputs.Name), spec.Replicas ?? 1, spec.MinAvailable);
        if (budget is not null && PgBouncerMetadata.Annotations(cluster) is { } annotations)
        {
            budget.Metadata.Annotations = Labels.Merge(budget.Metadata.Annotations, annotations);
        }

        return budget;
    }
}
