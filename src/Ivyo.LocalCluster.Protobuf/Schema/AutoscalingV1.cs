using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>k8s.io/api/autoscaling/v1 (generated.proto): Scale, the scale subresource's body.</summary>
internal static class AutoscalingV1
{
    public static readonly MessageDescriptor ScaleSpec = new(
        "ScaleSpec",
        Int32(1, "replicas"));

    public static readonly MessageDescriptor ScaleStatus = new(
        "ScaleStatus",
        Int32(1, "replicas", JsonPresence.Always),
        String(2, "selector"));

    public static readonly MessageDescriptor Scale = new(
        "Scale",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", ScaleSpec),
        Struct(3, "status", ScaleStatus));
}
