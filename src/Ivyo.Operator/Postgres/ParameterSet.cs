namespace Ivyo.Operator.Postgres;

/// <summary>
/// PostgreSQL parameters that IVYO's components contribute before Patroni's dynamic configuration is built: this
/// package adds its own (<see cref="PostgresParameters.Build"/>), then pgBackRest, monitoring and others add theirs.
/// <see cref="Default"/> values yield to the user's <c>spec.patroni.dynamicConfiguration.postgresql.parameters</c>;
/// <see cref="Mandatory"/> values override them (see <c>Patroni/README.md</c> for the merge order).
/// </summary>
/// <remarks>Parameter names are case-insensitive in PostgreSQL, and so are the keys of both maps.</remarks>
public sealed record ParameterSet
{
    public const string SharedPreloadLibraries = "shared_preload_libraries";

    public const string RestoreCommand = "restore_command";

    /// <summary>Values the user cannot change.</summary>
    public IDictionary<string, string> Mandatory { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Values the user can override.</summary>
    public IDictionary<string, string> Default { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Sets mandatory parameters, such as <c>PgBackRestPostgres.PostgresParameters</c>; later values win, except
    /// <c>shared_preload_libraries</c>, whose libraries are appended (<see cref="AppendSharedPreloadLibraries"/>).
    /// </summary>
    public void AddMandatory(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            if (string.Equals(name, SharedPreloadLibraries, StringComparison.OrdinalIgnoreCase))
            {
                AppendSharedPreloadLibraries([value]);
            }
            else
            {
                Mandatory[name] = value;
            }
        }
    }

    /// <summary>Sets default parameters, such as <c>PgBackRestPostgres.PostgresDefaultParameters</c>; later values win.</summary>
    public void AddDefaults(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            Default[name] = value;
        }
    }

    /// <summary>
    /// Appends libraries to the mandatory <c>shared_preload_libraries</c>, skipping those already there, as
    /// ivory-operator's components do. Callers must add only libraries the image catalog lists for the image:
    /// PostgreSQL does not start when a preloaded library is missing.
    /// </summary>
    public void AppendSharedPreloadLibraries(IEnumerable<string> libraries)
    {
        ArgumentNullException.ThrowIfNull(libraries);
        Mandatory.TryGetValue(SharedPreloadLibraries, out var current);
        var combined = PreloadLibraryList.Combine(current, string.Join(',', libraries));
        if (combined.Length > 0)
        {
            Mandatory[SharedPreloadLibraries] = combined;
        }
    }
}
