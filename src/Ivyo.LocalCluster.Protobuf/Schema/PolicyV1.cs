using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>k8s.io/api/policy/v1 (generated.proto): PodDisruptionBudget.</summary>
internal static class PolicyV1
{
    public static readonly MessageDescriptor PodDisruptionBudgetSpec = new(
        "PodDisruptionBudgetSpec",
        IntOrString(1, "minAvailable", JsonPresence.Pointer),
        Pointer(2, "selector", MetaV1.LabelSelector),
        IntOrString(3, "maxUnavailable", JsonPresence.Pointer),
        String(4, "unhealthyPodEvictionPolicy", JsonPresence.Pointer));

    public static readonly MessageDescriptor PodDisruptionBudgetStatus = new(
        "PodDisruptionBudgetStatus",
        Int64(1, "observedGeneration"),
        TimeMap(2, "disruptedPods"),
        Int32(3, "disruptionsAllowed", JsonPresence.Always),
        Int32(4, "currentHealthy", JsonPresence.Always),
        Int32(5, "desiredHealthy", JsonPresence.Always),
        Int32(6, "expectedPods", JsonPresence.Always),
        List(7, "conditions", MetaV1.Condition));

    public static readonly MessageDescriptor PodDisruptionBudget = new(
        "PodDisruptionBudget",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", PodDisruptionBudgetSpec),
        Struct(3, "status", PodDisruptionBudgetStatus));
}
