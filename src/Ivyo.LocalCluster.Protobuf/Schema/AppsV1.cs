using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>k8s.io/api/apps/v1 (generated.proto): Deployment.</summary>
internal static class AppsV1
{
    public static readonly MessageDescriptor RollingUpdateDeployment = new(
        "RollingUpdateDeployment",
        IntOrString(1, "maxUnavailable", JsonPresence.Pointer),
        IntOrString(2, "maxSurge", JsonPresence.Pointer));

    public static readonly MessageDescriptor DeploymentStrategy = new(
        "DeploymentStrategy",
        String(1, "type"),
        Pointer(2, "rollingUpdate", RollingUpdateDeployment));

    public static readonly MessageDescriptor DeploymentSpec = new(
        "DeploymentSpec",
        Int32(1, "replicas", JsonPresence.Pointer),
        Pointer(2, "selector", MetaV1.LabelSelector),
        Struct(3, "template", CoreV1.PodTemplateSpec),
        Struct(4, "strategy", DeploymentStrategy),
        Int32(5, "minReadySeconds"),
        Int32(6, "revisionHistoryLimit", JsonPresence.Pointer),
        Bool(7, "paused"),
        Int32(9, "progressDeadlineSeconds", JsonPresence.Pointer));

    public static readonly MessageDescriptor DeploymentCondition = new(
        "DeploymentCondition",
        String(1, "type", JsonPresence.Always),
        String(2, "status", JsonPresence.Always),
        Time(6, "lastUpdateTime"),
        Time(7, "lastTransitionTime"),
        String(4, "reason"),
        String(5, "message"));

    public static readonly MessageDescriptor DeploymentStatus = new(
        "DeploymentStatus",
        Int64(1, "observedGeneration"),
        Int32(2, "replicas"),
        Int32(3, "updatedReplicas"),
        Int32(7, "readyReplicas"),
        Int32(4, "availableReplicas"),
        Int32(5, "unavailableReplicas"),
        List(6, "conditions", DeploymentCondition),
        Int32(8, "collisionCount", JsonPresence.Pointer));

    public static readonly MessageDescriptor Deployment = new(
        "Deployment",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", DeploymentSpec),
        Struct(3, "status", DeploymentStatus));
}
