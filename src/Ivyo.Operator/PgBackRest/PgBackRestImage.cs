using Ivyo.Api.V1Beta1;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The image of pgBackRest containers: <c>spec.backups.pgbackrest.image</c>, else the operator's default (ivory-operator
/// reads it from <c>RELATED_IMAGE_PGBACKREST</c>; the caller passes it in so that the builders stay pure).
/// </summary>
public static class PgBackRestImage
{
    public static string Resolve(IvoryCluster cluster, string? defaultImage)
    {
        var image = cluster.Spec.Backups.PgBackRest.Image;
        if (!string.IsNullOrEmpty(image))
        {
            return image;
        }

        return !string.IsNullOrEmpty(defaultImage)
            ? defaultImage
            : throw new InvalidOperationException(
                "No pgBackRest image: set spec.backups.pgbackrest.image or the operator's RELATED_IMAGE_PGBACKREST.");
    }
}
