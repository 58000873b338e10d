using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// k8s.io/apimachinery/pkg/apis/meta/v1 (generated.proto), the parts objects embed. managedFields
/// (17) is left out: clients do not send it on create and its fieldsV1 is raw JSON, not a message.
/// </summary>
internal static class MetaV1
{
    public static readonly MessageDescriptor OwnerReference = new(
        "OwnerReference",
        String(5, "apiVersion", JsonPresence.Always),
        String(1, "kind", JsonPresence.Always),
        String(3, "name", JsonPresence.Always),
        String(4, "uid", JsonPresence.Always),
        Bool(6, "controller", JsonPresence.Pointer),
        Bool(7, "blockOwnerDeletion", JsonPresence.Pointer));

    public static readonly MessageDescriptor ObjectMeta = new(
        "ObjectMeta",
        String(1, "name"),
        String(2, "generateName"),
        String(3, "namespace"),
        String(4, "selfLink"),
        String(5, "uid"),
        String(6, "resourceVersion"),
        Int64(7, "generation"),
        Time(8, "creationTimestamp"),
        Time(9, "deletionTimestamp", JsonPresence.Pointer),
        Int64(10, "deletionGracePeriodSeconds", JsonPresence.Pointer),
        StringMap(11, "labels"),
        StringMap(12, "annotations"),
        List(13, "ownerReferences", OwnerReference),
        Strings(14, "finalizers"));

    public static readonly MessageDescriptor LabelSelectorRequirement = new(
        "LabelSelectorRequirement",
        String(1, "key", JsonPresence.Always),
        String(2, "operator", JsonPresence.Always),
        Strings(3, "values"));

    public static readonly MessageDescriptor LabelSelector = new(
        "LabelSelector",
        StringMap(1, "matchLabels"),
        List(2, "matchExpressions", LabelSelectorRequirement));

    public static readonly MessageDescriptor Condition = new(
        "Condition",
        String(1, "type", JsonPresence.Always),
        String(2, "status", JsonPresence.Always),
        Int64(3, "observedGeneration"),
        Time(4, "lastTransitionTime"),
        String(5, "reason", JsonPresence.Always),
        String(6, "message", JsonPresence.Always));
}
