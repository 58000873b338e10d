using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// k8s.io/api/authentication/v1 (generated.proto): TokenRequest, as <c>kubectl create token</c> sends it, and
/// SelfSubjectReview, as <c>kubectl auth whoami</c> sends it (metadata only; the status is the server's answer).
/// </summary>
internal static class AuthenticationV1
{
    public static readonly MessageDescriptor BoundObjectReference = new(
        "BoundObjectReference",
        String(1, "kind"),
        String(2, "apiVersion"),
        String(3, "name"),
        String(4, "uid"));

    public static readonly MessageDescriptor TokenRequestSpec = new(
        "TokenRequestSpec",
        Strings(1, "audiences", JsonPresence.Always),
        Int64(4, "expirationSeconds", JsonPresence.Pointer),
        Pointer(3, "boundObjectRef", BoundObjectReference));

    public static readonly MessageDescriptor TokenRequestStatus = new(
        "TokenRequestStatus",
        String(1, "token", JsonPresence.Always),
        Time(2, "expirationTimestamp"));

    public static readonly MessageDescriptor TokenRequest = new(
        "TokenRequest",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", TokenRequestSpec),
        Struct(3, "status", TokenRequestStatus));

    public static readonly MessageDescriptor SelfSubjectReview = new(
        "SelfSubjectReview",
        Struct(1, "metadata", MetaV1.ObjectMeta));
}
