using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>k8s.io/api/rbac/v1 (generated.proto): Role, ClusterRole and their bindings.</summary>
internal static class RbacV1
{
    public static readonly MessageDescriptor PolicyRule = new(
        "PolicyRule",
        Strings(1, "verbs", JsonPresence.Always),
        Strings(2, "apiGroups"),
        Strings(3, "resources"),
        Strings(4, "resourceNames"),
        Strings(5, "nonResourceURLs"));

    public static readonly MessageDescriptor AggregationRule = new(
        "AggregationRule",
        List(1, "clusterRoleSelectors", MetaV1.LabelSelector));

    public static readonly MessageDescriptor Subject = new(
        "Subject",
        String(1, "kind", JsonPresence.Always),
        String(2, "apiGroup"),
        String(3, "name", JsonPresence.Always),
        String(4, "namespace"));

    public static readonly MessageDescriptor RoleRef = new(
        "RoleRef",
        String(1, "apiGroup", JsonPresence.Always),
        String(2, "kind", JsonPresence.Always),
        String(3, "name", JsonPresence.Always));

    public static readonly MessageDescriptor Role = new(
        "Role",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        List(2, "rules", PolicyRule, JsonPresence.Always));

    public static readonly MessageDescriptor ClusterRole = new(
        "ClusterRole",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        List(2, "rules", PolicyRule, JsonPresence.Always),
        Pointer(3, "aggregationRule", AggregationRule));

    public static readonly MessageDescriptor RoleBinding = new(
        "RoleBinding",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        List(2, "subjects", Subject),
        Struct(3, "roleRef", RoleRef));

    public static readonly MessageDescriptor ClusterRoleBinding = new(
        "ClusterRoleBinding",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        List(2, "subjects", Subject),
        Struct(3, "roleRef", RoleRef));
}
