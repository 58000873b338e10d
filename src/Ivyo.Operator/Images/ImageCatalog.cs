namespace Ivyo.Operator.Images;

/// <summary>
/// What IVYO knows about a container image: which PostgreSQL major version it runs and which shared libraries it can
/// preload. IvorySQL images ship Oracle-compatibility libraries that must be in <c>shared_preload_libraries</c>; a
/// stock PostgreSQL image (the local cluster's stand-in) lacks them, and preloading a missing library stops PostgreSQL
/// from starting. So nothing is preloaded unless the catalog says the image has it.
/// </summary>
/// <remarks>
/// Entries match an image reference exactly or, when <see cref="ImageCatalogEntry.Image"/> ends with <c>*</c>, by
/// prefix; the longest match wins. The operator reads its catalog from a YAML file (see docs/reference/image-catalog.md).
/// </remarks>
public sealed record ImageCatalog(IReadOnlyList<ImageCatalogEntry> Entries)
{
    /// <summary>The catalog of IvorySQL's published images.</summary>
    public static ImageCatalog Default { get; } = new(
    [
        new ImageCatalogEntry("docker.io/ivorysql/ivorysql:*", Distribution.IvorySql, ["liboracle_parser", "ivorysql_ora"]),
        new ImageCatalogEntry("docker.io/ivorysql/pgbackrest:*", Distribution.PgBackRest, []),
        new ImageCatalogEntry("docker.io/ivorysql/pgbouncer:*", Distribution.PgBouncer, []),
    ]);

    /// <summary>The entry for an image, or null when the catalog does not know it.</summary>
    public ImageCatalogEntry? Find(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        ImageCatalogEntry? best = null;
        foreach (var entry in Entries)
        {
            var matches = entry.Image.EndsWith('*')
                ? image.StartsWith(entry.Image[..^1], StringComparison.Ordinal)
                : string.Equals(entry.Image, image, StringComparison.Ordinal);
            if (matches && (best is null || entry.Image.Length > best.Image.Length))
            {
                best = entry;
            }
        }

        return best;
    }

    /// <summary>The libraries an image can preload; none for an image the catalog lacks.</summary>
    public IReadOnlyList<string> PreloadLibraries(string? image) => Find(image)?.PreloadLibraries ?? [];
}

/// <summary>One image or image prefix and what it provides.</summary>
public sealed record ImageCatalogEntry(string Image, Distribution Distribution, IReadOnlyList<string> PreloadLibraries);

public enum Distribution
{
    /// <summary>IvorySQL with Patroni and pgBackRest, as in IvorySQL's images.</summary>
    IvorySql,

    /// <summary>Stock PostgreSQL with Patroni and pgBackRest, such as the local cluster's Debian packages.</summary>
    PostgreSql,

    PgBackRest,

    PgBouncer,
}
