using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>k8s.io/api/scheduling/v1 (generated.proto): PriorityClass.</summary>
internal static class SchedulingV1
{
    public static readonly MessageDescriptor PriorityClass = new(
        "PriorityClass",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Int32(2, "value", JsonPresence.Always),
        Bool(3, "globalDefault"),
        String(4, "description"),
        String(5, "preemptionPolicy", JsonPresence.Pointer));
}
