using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// k8s.io/api/authorization/v1 (generated.proto): SelfSubjectAccessReview and SelfSubjectRulesReview, as
/// <c>kubectl auth can-i</c> sends them.
/// </summary>
internal static class AuthorizationV1
{
    public static readonly MessageDescriptor ResourceAttributes = new(
        "ResourceAttributes",
        String(1, "namespace"),
        String(2, "verb"),
        String(3, "group"),
        String(4, "version"),
        String(5, "resource"),
        String(6, "subresource"),
        String(7, "name"));

    public static readonly MessageDescriptor NonResourceAttributes = new(
        "NonResourceAttributes",
        String(1, "path"),
        String(2, "verb"));

    public static readonly MessageDescriptor SelfSubjectAccessReviewSpec = new(
        "SelfSubjectAccessReviewSpec",
        Pointer(1, "resourceAttributes", ResourceAttributes),
        Pointer(2, "nonResourceAttributes", NonResourceAttributes));

    public static readonly MessageDescriptor SelfSubjectAccessReview = new(
        "SelfSubjectAccessReview",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", SelfSubjectAccessReviewSpec));

    public static readonly MessageDescriptor SelfSubjectRulesReviewSpec = new(
        "SelfSubjectRulesReviewSpec",
        String(1, "namespace"));

    public static readonly MessageDescriptor SelfSubjectRulesReview = new(
        "SelfSubjectRulesReview",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", SelfSubjectRulesReviewSpec));
}
