using Ivyo.Api.V1Beta1;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// The PgBouncer image: <c>spec.proxy.pgBouncer.image</c>, else the operator's default (ivory-operator reads it from
/// <c>RELATED_IMAGE_PGBOUNCER</c>; the caller passes it in so that the builders stay pure).
/// </summary>
public static class PgBouncerImage
{
    public static string Resolve(IvoryCluster cluster, string? defaultImage)
    {
        var image = cluster.Spec.Proxy?.PgBouncer?.Image;
        if (!string.IsNullOrEmpty(image))
        {
            return image;
        }

        return !string.IsNullOrEmpty(defaultImage)
            ? defaultImage
            : throw new InvalidOperationException(
                "No PgBouncer image: set spec.proxy.pgBouncer.image or the operator's RELATED_IMAGE_PGBOUNCER.");
    }
}
