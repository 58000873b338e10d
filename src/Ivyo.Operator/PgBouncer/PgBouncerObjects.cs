using Ivyo.Operator.DesiredState;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>Every object PgBouncer needs for a cluster with <c>spec.proxy.pgBouncer</c>.</summary>
public sealed record PgBouncerObjects(
    V1ConfigMap ConfigMap,
    V1Secret Secret,
    V1Deployment Deployment,
    V1Service Service,
    V1PodDisruptionBudget? DisruptionBudget)
{
    /// <returns>The objects, or null when the cluster has no PgBouncer (existing ones should then be deleted).</returns>
    public static PgBouncerObjects? Build(ClusterInputs inputs, string? defaultImage, V1Secret? existingSecret = null)
    {
        if (inputs.Cluster.Spec.Proxy?.PgBouncer is null)
        {
            return null;
        }

        return new PgBouncerObjects(
            PgBouncerConfigMap.Build(inputs)!,
            PgBouncerSecret.Build(inputs, existingSecret)!,
            PgBouncerDeployment.Build(inputs, defaultImage)!,
            PgBouncerService.Build(inputs)!,
            PgBouncerDisruptionBudget.Build(inputs));
    }
}
