namespace Ivyo.Operator.Postgres;

/// <summary>
/// <c>pg_hba.conf</c> lines that IVYO's components contribute before Patroni's dynamic configuration is built: this
/// package adds its own (<see cref="PostgresHba.Build"/>), then PgBouncer and monitoring add theirs.
/// <see cref="Mandatory"/> lines always come first, in the order added; <see cref="Default"/> lines are used only when
/// the user gives no <c>spec.patroni.dynamicConfiguration.postgresql.pg_hba</c> of their own.
/// </summary>
public sealed record HbaSet
{
    public IList<string> Mandatory { get; } = [];

    public IList<string> Default { get; } = [];

    /// <summary>Appends mandatory lines, such as <c>PgBouncerPostgres.HbaRules</c>.</summary>
    public void AddMandatory(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            Mandatory.Add(line);
        }
    }

    public void AddMandatory(HostBasedAuthentication record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Mandatory.Add(record.ToString());
    }

    public void AddDefault(HostBasedAuthentication record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Default.Add(record.ToString());
    }
}
