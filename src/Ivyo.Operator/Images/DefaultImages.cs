namespace Ivyo.Operator.Images;

/// <summary>
/// Images used when a cluster names none, from the operator's <c>RELATED_IMAGE_*</c> environment variables, as
/// ivory-operator reads them.
/// </summary>
public sealed record DefaultImages(string? IvorySql, string? PgBackRest, string? PgBouncer)
{
    public static DefaultImages None { get; } = new(null, null, null);

    /// <summary>The images named by <c>RELATED_IMAGE_IVORY_&lt;version&gt;</c>, <c>RELATED_IMAGE_PGBACKREST</c> and
    /// <c>RELATED_IMAGE_PGBOUNCER</c>.</summary>
    public static DefaultImages FromEnvironment(int postgresVersion, Func<string, string?> getVariable) => new(
        getVariable($"RELATED_IMAGE_IVORY_{postgresVersion}"),
        getVariable("RELATED_IMAGE_PGBACKREST"),
        getVariable("RELATED_IMAGE_PGBOUNCER"));
}
